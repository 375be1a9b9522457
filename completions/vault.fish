# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_vault_global_optspecs
    string join \n vault= identity= log= json q/quiet h/help V/version
end

function __fish_vault_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_vault_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_vault_using_subcommand
    set -l cmd (__fish_vault_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c vault -n "__fish_vault_needs_command" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_needs_command" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_needs_command" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_needs_command" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_needs_command" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_needs_command" -f -a "init" -d 'Create the operator identity (unless one exists) and an empty vault'
complete -c vault -n "__fish_vault_needs_command" -f -a "secret" -d 'Store, rotate, list and remove secrets'
complete -c vault -n "__fish_vault_needs_command" -f -a "agent" -d 'Create, list and remove agents, each with an age key of its own'
complete -c vault -n "__fish_vault_needs_command" -f -a "grant" -d 'Give an agent access to a secret, list grants, revoke them'
complete -c vault -n "__fish_vault_needs_command" -f -a "operator" -d 'Add, list and remove operators: the keys that open the whole vault'
complete -c vault -n "__fish_vault_needs_command" -f -a "unlock" -d 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys'
complete -c vault -n "__fish_vault_needs_command" -f -a "lock" -d 'End the unlock cache `vault unlock` started'
complete -c vault -n "__fish_vault_needs_command" -f -a "rekey" -d 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys'
complete -c vault -n "__fish_vault_needs_command" -f -a "read" -d 'Print a secret\'s value for an agent; exit 3 when the agent may not read it'
complete -c vault -n "__fish_vault_needs_command" -f -a "exec" -d 'Run a command with an agent\'s secrets in its environment, masked in its output'
complete -c vault -n "__fish_vault_needs_command" -f -a "sandbox" -d 'Run programs in a sandbox: `sandbox check` tries each escape on this machine'
complete -c vault -n "__fish_vault_needs_command" -f -a "mcp" -d 'Serve an agent\'s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value'
complete -c vault -n "__fish_vault_needs_command" -f -a "request" -d 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log'
complete -c vault -n "__fish_vault_needs_command" -f -a "merge" -d 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)'
complete -c vault -n "__fish_vault_needs_command" -f -a "git" -d 'Share the vault through git: a diff that shows what changed and a merge that understands the vault'
complete -c vault -n "__fish_vault_needs_command" -f -a "events" -d 'Show the audit log, oldest first; `events verify` checks its hash chain'
complete -c vault -n "__fish_vault_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand init" -l recipient -d 'The operator\'s recipient, for an identity file you bring (an age plugin\'s, say)' -r -f
complete -c vault -n "__fish_vault_using_subcommand init" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -l passphrase -d 'Lock the new operator identity with a passphrase [env: VAULT_PASSPHRASE]'
complete -c vault -n "__fish_vault_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand init" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand init" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "add" -d 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "set" -d 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "list" -d 'List secrets (metadata only, never values), sorted by name'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "ls" -d 'List secrets (metadata only, never values), sorted by name'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "rm" -d 'Delete a secret and every grant on it'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "show" -d 'Print a secret\'s value, as an operator: its exact bytes on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "hosts" -d 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "history" -d 'List the versions of a secret\'s value (never the values), newest first'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "rollback" -d 'Make an earlier version of a secret\'s value the current one, as a new version'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "rename" -d 'Give a secret a new name, keeping its id, its grants and its history'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "import" -d 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
complete -c vault -n "__fish_vault_using_subcommand secret; and not __fish_seen_subcommand_from add set list ls rm show hosts history rollback rename import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l from-file -d 'Read the value from this file, byte for byte' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l length -d 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l charset -d 'With --generate: which characters (ascii: the printable ones but space)' -r -f -a "alnum\t'A-Z a-z 0-9'
hex\t'0-9 a-f'
base64url\t'A-Z a-z 0-9 - _'
ascii\t'The printable ASCII characters but space'"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l host -d 'A host the credential proxy (`vault exec --proxy`) may send the value to; repeat for several' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l inject -d 'Where in a request to those hosts the proxy may put the value: header, query, path or body; repeat for several (default: header, query and path)' -r -f -a "header\t''
query\t''
path\t''
body\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l method -d 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)' -r -f -a "GET\t''
HEAD\t''
POST\t''
PUT\t''
PATCH\t''
DELETE\t''
OPTIONS\t''
any\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l aws-sigv4 -d 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID: under `vault exec --proxy` the program gets placeholders for both, and the proxy signs its requests to this secret\'s hosts again with the real pair' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l generate -d 'Make a random value (from the operating system\'s random source); printed only with --show'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l show -d 'With --generate: print the new value, once, on stdout (as `secret show` would)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l canary -d 'Mark the secret as bait: every read of it, and its value in a program\'s output under `vault exec`, is logged as `vault.canary`'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l from-file -d 'Read the value from this file, byte for byte' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l length -d 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l charset -d 'With --generate: which characters (ascii: the printable ones but space)' -r -f -a "alnum\t'A-Z a-z 0-9'
hex\t'0-9 a-f'
base64url\t'A-Z a-z 0-9 - _'
ascii\t'The printable ASCII characters but space'"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l if-version -d 'Only if the current version is N: refuse when another change came first' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l host -d 'A host the credential proxy (`vault exec --proxy`) may send the value to, in place of those it had; repeat for several (without --host, the hosts stay)' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l inject -d 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several (without --inject, the places stay)' -r -f -a "header\t''
query\t''
path\t''
body\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l method -d 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)' -r -f -a "GET\t''
HEAD\t''
POST\t''
PUT\t''
PATCH\t''
DELETE\t''
OPTIONS\t''
any\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l aws-sigv4 -d 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID, in place of the pair it was half of (see `vault secret add --help`)' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l generate -d 'Make a random value (from the operating system\'s random source); printed only with --show'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l show -d 'With --generate: print the new value, once, on stdout (as `secret show` would)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l no-hosts -d 'Pin the secret to no host: the proxy sends it nowhere'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l no-aws-sigv4 -d 'Make this secret an ordinary one again, half of no AWS pair'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l add -d 'A host to add (HOST, HOST:PORT, *.DOMAIN, an IP address, http://HOST, each with a path glob after it or not); repeat for several' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l rm -d 'A host to remove, as `secret list` shows it; repeat for several' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l inject -d 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several' -r -f -a "header\t''
query\t''
path\t''
body\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l method -d 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)' -r -f -a "GET\t''
HEAD\t''
POST\t''
PUT\t''
PATCH\t''
DELETE\t''
OPTIONS\t''
any\t''"
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l clear -d 'Remove every host first (with no --add: the proxy sends the secret nowhere)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from hosts" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -s n -l lines -d 'How many versions, newest first' -r
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l to -d 'The version whose value becomes current again' -r -f
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -l replace -d 'Update secrets that exist already instead of refusing the file'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "add" -d 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "set" -d 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "list" -d 'List secrets (metadata only, never values), sorted by name'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a secret and every grant on it'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a secret\'s value, as an operator: its exact bytes on stdout'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "hosts" -d 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the versions of a secret\'s value (never the values), newest first'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Make an earlier version of a secret\'s value the current one, as a new version'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Give a secret a new name, keeping its id, its grants and its history'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
complete -c vault -n "__fish_vault_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -f -a "add" -d 'Create an agent and print its secret key, once, as the only line on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -f -a "list" -d 'List agents with their recipients and grant counts'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -f -a "ls" -d 'List agents with their recipients and grant counts'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -f -a "rm" -d 'Delete an agent and all its grants'
complete -c vault -n "__fish_vault_using_subcommand agent; and not __fish_seen_subcommand_from add list ls rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create an agent and print its secret key, once, as the only line on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "list" -d 'List agents with their recipients and grant counts'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete an agent and all its grants'
complete -c vault -n "__fish_vault_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "add" -d 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "list" -d 'List grants, with secret names'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "ls" -d 'List grants, with secret names'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "rm" -d 'Revoke a grant, by its id or by agent and secret'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "sweep" -d 'Drop the grants whose time has run out, and their values from the agents\' parts'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "requests" -d 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "approve" -d 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "deny" -d 'Turn a request down; a request the proxy is holding gets a 403'
complete -c vault -n "__fish_vault_using_subcommand grant; and not __fish_seen_subcommand_from add list ls rm sweep requests approve deny help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l agent -d 'The agent to grant to' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l for -d 'For this long only (30m, 2h, 7d); after it, reads are denied' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l until -d 'Until this time only: RFC 3339 (2026-12-31T18:00:00Z), or a date alone for the end of that day in UTC (2026-12-31)' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l approve-timeout -d 'How long a held request waits for its answer before it gets a 403 (default 2m)' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l approve -d 'Hold each request of `exec --proxy` on the secret\'s routes until a person answers it (`vault grant approve REQ`, `vault grant deny REQ`, or the program VAULT_ASKPASS names); `vault read` and a plain `exec` cannot use this grant'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l agent -d 'Only this agent\'s grants' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l secret -d 'Only the grants of this secret (its name or id): who can read it' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l agent -d 'Only this agent\'s grants' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l secret -d 'Only the grants of this secret (its name or id): who can read it' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -l agent -d 'Revoke this agent\'s grant on SECRET (then SECRET is a secret\'s id or name)' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from sweep" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from requests" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -l for -d 'For how long (30m, 2h, 7d): the grant, or the window in which a held request\'s further requests pass' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from approve" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -l reason -d 'Why, for the agent' -r -f
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from deny" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "add" -d 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List grants, with secret names'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Revoke a grant, by its id or by agent and secret'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "sweep" -d 'Drop the grants whose time has run out, and their values from the agents\' parts'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "requests" -d 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "deny" -d 'Turn a request down; a request the proxy is holding gets a 403'
complete -c vault -n "__fish_vault_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "add" -d 'Add an operator: the whole vault is encrypted to its recipient too'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "list" -d 'List the operators\' recipients'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "ls" -d 'List the operators\' recipients'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "rm" -d 'Remove an operator: what is written from then on no longer opens with its key'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "passphrase" -d 'Add, change or remove the passphrase on the operator identity, in place'
complete -c vault -n "__fish_vault_using_subcommand operator; and not __fish_seen_subcommand_from add list ls rm passphrase help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -l remove -d 'Remove the passphrase: the identity file holds the key in clear again'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from passphrase" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an operator: the whole vault is encrypted to its recipient too'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the operators\' recipients'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove an operator: what is written from then on no longer opens with its key'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "passphrase" -d 'Add, change or remove the passphrase on the operator identity, in place'
complete -c vault -n "__fish_vault_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand unlock" -l for -d 'How long to keep it unlocked (30m, 2h, 1d)' -r -f
complete -c vault -n "__fish_vault_using_subcommand unlock" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand unlock" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand unlock" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand unlock" -l serve -d 'Be the cache (what `vault unlock` starts; the identity comes on stdin)'
complete -c vault -n "__fish_vault_using_subcommand unlock" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand lock" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand lock" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand lock" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand lock" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand lock" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand lock" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand rekey" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rekey" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rekey" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rekey" -l agents -d 'Also issue every agent a new key, and invalidate the old ones'
complete -c vault -n "__fish_vault_using_subcommand rekey" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand rekey" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand rekey" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand read" -l agent -d 'The agent that reads' -r -f
complete -c vault -n "__fish_vault_using_subcommand read" -l key-file -d 'The agent\'s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand read" -l wait -d 'Wait this long (30s, 5m) for the grant: the value comes as soon as a change grants it; exit 3 when a request of the agent for it is denied, or at the end' -r -f
complete -c vault -n "__fish_vault_using_subcommand read" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand read" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand read" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand read" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand read" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand read" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand exec" -l agent -d 'The agent whose secrets to inject' -r -f
complete -c vault -n "__fish_vault_using_subcommand exec" -l only -d 'Inject only this secret; repeat for several (default: every secret granted to AGENT)' -r -f
complete -c vault -n "__fish_vault_using_subcommand exec" -l key-file -d 'The agent\'s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l egress -d 'With --proxy: where the command may connect at all: any (the default without --sandbox), pinned (only the hosts its secrets are pinned to, and --allow-host; the default with --sandbox), or hosts, repeated' -r -f
complete -c vault -n "__fish_vault_using_subcommand exec" -l allow-host -d 'With --egress pinned (or a list of hosts): let the command reach this host too; repeat for several' -r -f
complete -c vault -n "__fish_vault_using_subcommand exec" -l upstream-ca -d 'With --proxy: trust these CA certificates (PEM) for the upstreams too, beside the system\'s roots [else VAULT_UPSTREAM_CA]' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l hide -d 'With --sandbox: keep PATH out of sight too (a file shows empty, a directory empty)' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l allow-read -d 'With --sandbox: let the command read PATH (in the private home, say)' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l allow-write -d 'With --sandbox: let the command write to PATH' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l pass-fd -d 'With --sandbox: keep descriptor N open for the command (every other one above 2 is closed)' -r
complete -c vault -n "__fish_vault_using_subcommand exec" -l env -d 'With --sandbox: keep the variable NAME, which would be dropped for pointing outside the sandbox or looking like a credential' -r -f
complete -c vault -n "__fish_vault_using_subcommand exec" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand exec" -l no-mask -d 'Do not mask the output: vault becomes the command, which writes where vault would (with --proxy, vault stays, to serve the proxy)'
complete -c vault -n "__fish_vault_using_subcommand exec" -l proxy -d 'Give the command placeholders, not values, and a proxy that puts each value into its HTTPS requests to the hosts the secret is pinned to'
complete -c vault -n "__fish_vault_using_subcommand exec" -l strict -d 'With --proxy: stop (403) a request that carries a secret\'s placeholder to a host the secret is not pinned to, instead of letting the placeholder go as it is'
complete -c vault -n "__fish_vault_using_subcommand exec" -l sandbox -d 'Run the command in a sandbox where it reaches nothing but the proxy (implies --proxy)'
complete -c vault -n "__fish_vault_using_subcommand exec" -l private-home -d 'With --sandbox: an empty home directory, holding only the current directory, the toolchains installed there and --allow-read (the default)'
complete -c vault -n "__fish_vault_using_subcommand exec" -l share-home -d 'With --sandbox: show the home directory read-only instead, less the known credential stores and the vault\'s own directories'
complete -c vault -n "__fish_vault_using_subcommand exec" -l clean-env -d 'With --sandbox: pass only PATH, HOME, USER, LOGNAME, SHELL, TERM, COLORTERM, LANG, LANGUAGE, LC_*, TZ, TMPDIR, NO_COLOR and --env from the environment'
complete -c vault -n "__fish_vault_using_subcommand exec" -l through-mcp -d 'Plumbing: this run is a `run` call of `vault mcp`, and its events say `via: "mcp"`'
complete -c vault -n "__fish_vault_using_subcommand exec" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand exec" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand exec" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -f -a "check" -d 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -f -a "enter" -d 'Plumbing: what runs inside the sandbox before the command'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -f -a "probe" -d 'Plumbing: the escapes `sandbox check` tries, from inside'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and not __fish_seen_subcommand_from check enter probe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l control -d 'The socket to the vault outside' -r
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l stderr -d 'The command\'s standard error (bubblewrap\'s own goes to vault)' -r
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l listen -d 'Listen on this loopback port inside, for the proxy outside' -r
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l pass-fd -d 'Descriptors left open for the command' -r
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l route -d 'Also make a listener and a name server\'s socket for connections routed to the proxy'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l terminal -d 'Make the terminal on stdout (else stdin) the command\'s controlling terminal'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from enter" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from probe" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "check" -d 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "enter" -d 'Plumbing: what runs inside the sandbox before the command'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "probe" -d 'Plumbing: the escapes `sandbox check` tries, from inside'
complete -c vault -n "__fish_vault_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand mcp" -l agent -d 'The agent the client works as' -r -f
complete -c vault -n "__fish_vault_using_subcommand mcp" -l key-file -d 'The agent\'s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand mcp" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand mcp" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand mcp" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand mcp" -l no-sandbox -d 'Offer `run` without the sandbox: its output is still masked and its requests still go through the proxy, but the program holds placeholders only as long as it does not read the vault\'s files, which it can see'
complete -c vault -n "__fish_vault_using_subcommand mcp" -l allow-request-secret -d 'Offer `request_secret`: a page on 127.0.0.1 where a person types a new secret\'s value, with a code `vault grant requests` shows; it waits there for an operator\'s approval'
complete -c vault -n "__fish_vault_using_subcommand mcp" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand mcp" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand request" -l agent -d 'The agent that asks' -r -f
complete -c vault -n "__fish_vault_using_subcommand request" -l reason -d 'Why, for the operator' -r -f
complete -c vault -n "__fish_vault_using_subcommand request" -l for -d 'For how long (30m, 2h, 7d); the operator decides' -r -f
complete -c vault -n "__fish_vault_using_subcommand request" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand request" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand request" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand request" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand request" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand request" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand merge" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand merge" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand merge" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand merge" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand merge" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand merge" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -f -a "setup" -d 'Set up the vault\'s diff and merge in the git work tree holding it'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -f -a "textconv" -d 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
complete -c vault -n "__fish_vault_using_subcommand git; and not __fish_seen_subcommand_from setup textconv help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -l global -d 'Write the diff and merge drivers to the user\'s git config instead of the repository\'s'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from textconv" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Set up the vault\'s diff and merge in the git work tree holding it'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "textconv" -d 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
complete -c vault -n "__fish_vault_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -s n -l lines -d 'Only the last N events (read from the end of the log, however long it is)' -r
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l agent -d 'Only this agent\'s events' -r -f
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l secret -d 'Only the events about this secret (by name)' -r -f
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l event -d 'Only events of this type; repeat for several' -r -f -a "vault.initialized\t''
secret.created\t''
secret.updated\t''
secret.deleted\t''
agent.created\t''
agent.deleted\t''
grant.created\t''
grant.revoked\t''
grant.expired\t''
grant.requested\t''
grant.denied\t''
grant.approved\t''
secret.renamed\t''
operator.added\t''
operator.removed\t''
vault.rekeyed\t''
vault.accessed\t''
vault.denied\t''
vault.masked\t''
vault.canary\t''
vault.injected\t''
vault.blocked\t''
vault.withheld\t''
vault.leak_stopped\t''
vault.egress_denied\t''
vault.egress\t''
vault.sandboxed\t''
vault.anchored\t''
vault.merged\t''
mcp.called\t''
log.rotated\t''
log.repaired\t''"
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l since -d 'Only events since TIME: RFC 3339 (2026-11-28T10:00:00Z) or an age (15m, 2h, 7d)' -r -f
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -s f -l follow -d 'After the last 10 events (or N), keep printing new ones as they are appended'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "verify" -d 'Check the log\'s hash chain and print its head; exit 1 when the chain is broken'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "rotate" -d 'Move the log aside and start a new file that goes on from it'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "anchor" -d 'Record in the vault where the logs stand now (after logrotate, say)'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "export" -d 'Print the log for security tools: one OCSF or ECS record per event, per line'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "repair" -d 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
complete -c vault -n "__fish_vault_using_subcommand events; and not __fish_seen_subcommand_from verify rotate anchor export repair help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -l expect-head -d 'Also require the line with this hash: a head printed by an earlier verify' -r -f
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -l accept -d 'Accept a log that no longer reaches the vault\'s record, or a vault older than the log'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from anchor" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l format -d 'The schema' -r -f -a "ocsf\t'Open Cybersecurity Schema Framework, API Activity'
ecs\t'Elastic Common Schema'"
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l after -d 'Only the events after this one (its seq): where a shipper stopped' -r -f
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -s f -l follow -d 'After the events there are, keep printing new ones as they are appended'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -l vault -d 'The vault file [env: VAULT_FILE]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -l identity -d 'The operator\'s age identity [env: VAULT_IDENTITY]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -l log -d 'The audit log, JSON lines [env: VAULT_LOG]' -r -F
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -s q -l quiet -d 'Print no hints or notices on stderr (errors still print)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from repair" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the log\'s hash chain and print its head; exit 1 when the chain is broken'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Move the log aside and start a new file that goes on from it'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "anchor" -d 'Record in the vault where the logs stand now (after logrotate, say)'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the log for security tools: one OCSF or ECS record per event, per line'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "repair" -d 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
complete -c vault -n "__fish_vault_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "init" -d 'Create the operator identity (unless one exists) and an empty vault'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "secret" -d 'Store, rotate, list and remove secrets'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "agent" -d 'Create, list and remove agents, each with an age key of its own'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "grant" -d 'Give an agent access to a secret, list grants, revoke them'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "operator" -d 'Add, list and remove operators: the keys that open the whole vault'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "unlock" -d 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "lock" -d 'End the unlock cache `vault unlock` started'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "rekey" -d 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "read" -d 'Print a secret\'s value for an agent; exit 3 when the agent may not read it'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "exec" -d 'Run a command with an agent\'s secrets in its environment, masked in its output'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "sandbox" -d 'Run programs in a sandbox: `sandbox check` tries each escape on this machine'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "mcp" -d 'Serve an agent\'s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "request" -d 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "merge" -d 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "git" -d 'Share the vault through git: a diff that shows what changed and a merge that understands the vault'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "events" -d 'Show the audit log, oldest first; `events verify` checks its hash chain'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init secret agent grant operator unlock lock rekey read exec sandbox mcp request merge git events help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "add" -d 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "set" -d 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "list" -d 'List secrets (metadata only, never values), sorted by name'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rm" -d 'Delete a secret and every grant on it'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "show" -d 'Print a secret\'s value, as an operator: its exact bytes on stdout'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "hosts" -d 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "history" -d 'List the versions of a secret\'s value (never the values), newest first'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rollback" -d 'Make an earlier version of a secret\'s value the current one, as a new version'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rename" -d 'Give a secret a new name, keeping its id, its grants and its history'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "import" -d 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "add" -d 'Create an agent and print its secret key, once, as the only line on stdout'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "list" -d 'List agents with their recipients and grant counts'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "rm" -d 'Delete an agent and all its grants'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "add" -d 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "list" -d 'List grants, with secret names'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "rm" -d 'Revoke a grant, by its id or by agent and secret'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "sweep" -d 'Drop the grants whose time has run out, and their values from the agents\' parts'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "requests" -d 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "approve" -d 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from grant" -f -a "deny" -d 'Turn a request down; a request the proxy is holding gets a 403'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "add" -d 'Add an operator: the whole vault is encrypted to its recipient too'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "list" -d 'List the operators\' recipients'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "rm" -d 'Remove an operator: what is written from then on no longer opens with its key'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "passphrase" -d 'Add, change or remove the passphrase on the operator identity, in place'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "check" -d 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "enter" -d 'Plumbing: what runs inside the sandbox before the command'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "probe" -d 'Plumbing: the escapes `sandbox check` tries, from inside'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "setup" -d 'Set up the vault\'s diff and merge in the git work tree holding it'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "textconv" -d 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "verify" -d 'Check the log\'s hash chain and print its head; exit 1 when the chain is broken'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "rotate" -d 'Move the log aside and start a new file that goes on from it'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "anchor" -d 'Record in the vault where the logs stand now (after logrotate, say)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "export" -d 'Print the log for security tools: one OCSF or ECS record per event, per line'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "repair" -d 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
