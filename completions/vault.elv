
use builtin;
use str;

set edit:completion:arg-completer[vault] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'vault'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'vault'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the operator identity (unless one exists) and an empty vault'
            cand secret 'Store, rotate, list and remove secrets'
            cand agent 'Create, list and remove agents, each with an age key of its own'
            cand grant 'Give an agent access to a secret, list grants, revoke them'
            cand operator 'Add, list and remove operators: the keys that open the whole vault'
            cand unlock 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys'
            cand lock 'End the unlock cache `vault unlock` started'
            cand rekey 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys'
            cand read 'Print a secret''s value for an agent; exit 3 when the agent may not read it'
            cand exec 'Run a command with an agent''s secrets in its environment, masked in its output'
            cand sandbox 'Run programs in a sandbox: `sandbox check` tries each escape on this machine'
            cand mcp 'Serve an agent''s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value'
            cand request 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log'
            cand merge 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)'
            cand git 'Share the vault through git: a diff that shows what changed and a merge that understands the vault'
            cand events 'Show the audit log, oldest first; `events verify` checks its hash chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;init'= {
            cand --recipient 'The operator''s recipient, for an identity file you bring (an age plugin''s, say)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --passphrase 'Lock the new operator identity with a passphrase [env: VAULT_PASSPHRASE]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
            cand set 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
            cand list 'List secrets (metadata only, never values), sorted by name'
            cand ls 'List secrets (metadata only, never values), sorted by name'
            cand rm 'Delete a secret and every grant on it'
            cand show 'Print a secret''s value, as an operator: its exact bytes on stdout'
            cand hosts 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
            cand history 'List the versions of a secret''s value (never the values), newest first'
            cand rollback 'Make an earlier version of a secret''s value the current one, as a new version'
            cand rename 'Give a secret a new name, keeping its id, its grants and its history'
            cand import 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;secret;add'= {
            cand --from-file 'Read the value from this file, byte for byte'
            cand --length 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)'
            cand --charset 'With --generate: which characters (ascii: the printable ones but space)'
            cand --host 'A host the credential proxy (`vault exec --proxy`) may send the value to; repeat for several'
            cand --inject 'Where in a request to those hosts the proxy may put the value: header, query, path or body; repeat for several (default: header, query and path)'
            cand --method 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)'
            cand --aws-sigv4 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID: under `vault exec --proxy` the program gets placeholders for both, and the proxy signs its requests to this secret''s hosts again with the real pair'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --generate 'Make a random value (from the operating system''s random source); printed only with --show'
            cand --show 'With --generate: print the new value, once, on stdout (as `secret show` would)'
            cand --canary 'Mark the secret as bait: every read of it, and its value in a program''s output under `vault exec`, is logged as `vault.canary`'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;set'= {
            cand --from-file 'Read the value from this file, byte for byte'
            cand --length 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)'
            cand --charset 'With --generate: which characters (ascii: the printable ones but space)'
            cand --if-version 'Only if the current version is N: refuse when another change came first'
            cand --host 'A host the credential proxy (`vault exec --proxy`) may send the value to, in place of those it had; repeat for several (without --host, the hosts stay)'
            cand --inject 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several (without --inject, the places stay)'
            cand --method 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)'
            cand --aws-sigv4 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID, in place of the pair it was half of (see `vault secret add --help`)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --generate 'Make a random value (from the operating system''s random source); printed only with --show'
            cand --show 'With --generate: print the new value, once, on stdout (as `secret show` would)'
            cand --no-hosts 'Pin the secret to no host: the proxy sends it nowhere'
            cand --no-aws-sigv4 'Make this secret an ordinary one again, half of no AWS pair'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;list'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;ls'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;rm'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand -y 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
            cand --yes 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;show'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;hosts'= {
            cand --add 'A host to add (HOST, HOST:PORT, *.DOMAIN, an IP address, http://HOST, each with a path glob after it or not); repeat for several'
            cand --rm 'A host to remove, as `secret list` shows it; repeat for several'
            cand --inject 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several'
            cand --method 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --clear 'Remove every host first (with no --add: the proxy sends the secret nowhere)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;history'= {
            cand -n 'How many versions, newest first'
            cand --lines 'How many versions, newest first'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;rollback'= {
            cand --to 'The version whose value becomes current again'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;rename'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;import'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --replace 'Update secrets that exist already instead of refusing the file'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;secret;help'= {
            cand add 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
            cand set 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
            cand list 'List secrets (metadata only, never values), sorted by name'
            cand rm 'Delete a secret and every grant on it'
            cand show 'Print a secret''s value, as an operator: its exact bytes on stdout'
            cand hosts 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
            cand history 'List the versions of a secret''s value (never the values), newest first'
            cand rollback 'Make an earlier version of a secret''s value the current one, as a new version'
            cand rename 'Give a secret a new name, keeping its id, its grants and its history'
            cand import 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;secret;help;add'= {
        }
        &'vault;secret;help;set'= {
        }
        &'vault;secret;help;list'= {
        }
        &'vault;secret;help;rm'= {
        }
        &'vault;secret;help;show'= {
        }
        &'vault;secret;help;hosts'= {
        }
        &'vault;secret;help;history'= {
        }
        &'vault;secret;help;rollback'= {
        }
        &'vault;secret;help;rename'= {
        }
        &'vault;secret;help;import'= {
        }
        &'vault;secret;help;help'= {
        }
        &'vault;agent'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Create an agent and print its secret key, once, as the only line on stdout'
            cand list 'List agents with their recipients and grant counts'
            cand ls 'List agents with their recipients and grant counts'
            cand rm 'Delete an agent and all its grants'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;agent;add'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;agent;list'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;agent;ls'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;agent;rm'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand -y 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
            cand --yes 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;agent;help'= {
            cand add 'Create an agent and print its secret key, once, as the only line on stdout'
            cand list 'List agents with their recipients and grant counts'
            cand rm 'Delete an agent and all its grants'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;agent;help;add'= {
        }
        &'vault;agent;help;list'= {
        }
        &'vault;agent;help;rm'= {
        }
        &'vault;agent;help;help'= {
        }
        &'vault;grant'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
            cand list 'List grants, with secret names'
            cand ls 'List grants, with secret names'
            cand rm 'Revoke a grant, by its id or by agent and secret'
            cand sweep 'Drop the grants whose time has run out, and their values from the agents'' parts'
            cand requests 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
            cand approve 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
            cand deny 'Turn a request down; a request the proxy is holding gets a 403'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;grant;add'= {
            cand --agent 'The agent to grant to'
            cand --for 'For this long only (30m, 2h, 7d); after it, reads are denied'
            cand --until 'Until this time only: RFC 3339 (2026-12-31T18:00:00Z), or a date alone for the end of that day in UTC (2026-12-31)'
            cand --approve-timeout 'How long a held request waits for its answer before it gets a 403 (default 2m)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --approve 'Hold each request of `exec --proxy` on the secret''s routes until a person answers it (`vault grant approve REQ`, `vault grant deny REQ`, or the program VAULT_ASKPASS names); `vault read` and a plain `exec` cannot use this grant'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;list'= {
            cand --agent 'Only this agent''s grants'
            cand --secret 'Only the grants of this secret (its name or id): who can read it'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;ls'= {
            cand --agent 'Only this agent''s grants'
            cand --secret 'Only the grants of this secret (its name or id): who can read it'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;rm'= {
            cand --agent 'Revoke this agent''s grant on SECRET (then SECRET is a secret''s id or name)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;sweep'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;requests'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;approve'= {
            cand --for 'For how long (30m, 2h, 7d): the grant, or the window in which a held request''s further requests pass'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;deny'= {
            cand --reason 'Why, for the agent'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;grant;help'= {
            cand add 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
            cand list 'List grants, with secret names'
            cand rm 'Revoke a grant, by its id or by agent and secret'
            cand sweep 'Drop the grants whose time has run out, and their values from the agents'' parts'
            cand requests 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
            cand approve 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
            cand deny 'Turn a request down; a request the proxy is holding gets a 403'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;grant;help;add'= {
        }
        &'vault;grant;help;list'= {
        }
        &'vault;grant;help;rm'= {
        }
        &'vault;grant;help;sweep'= {
        }
        &'vault;grant;help;requests'= {
        }
        &'vault;grant;help;approve'= {
        }
        &'vault;grant;help;deny'= {
        }
        &'vault;grant;help;help'= {
        }
        &'vault;operator'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add an operator: the whole vault is encrypted to its recipient too'
            cand list 'List the operators'' recipients'
            cand ls 'List the operators'' recipients'
            cand rm 'Remove an operator: what is written from then on no longer opens with its key'
            cand passphrase 'Add, change or remove the passphrase on the operator identity, in place'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;operator;add'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;operator;list'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;operator;ls'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;operator;rm'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;operator;passphrase'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --remove 'Remove the passphrase: the identity file holds the key in clear again'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;operator;help'= {
            cand add 'Add an operator: the whole vault is encrypted to its recipient too'
            cand list 'List the operators'' recipients'
            cand rm 'Remove an operator: what is written from then on no longer opens with its key'
            cand passphrase 'Add, change or remove the passphrase on the operator identity, in place'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;operator;help;add'= {
        }
        &'vault;operator;help;list'= {
        }
        &'vault;operator;help;rm'= {
        }
        &'vault;operator;help;passphrase'= {
        }
        &'vault;operator;help;help'= {
        }
        &'vault;unlock'= {
            cand --for 'How long to keep it unlocked (30m, 2h, 1d)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --serve 'Be the cache (what `vault unlock` starts; the identity comes on stdin)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;lock'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;rekey'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --agents 'Also issue every agent a new key, and invalidate the old ones'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;read'= {
            cand --agent 'The agent that reads'
            cand --key-file 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]'
            cand --wait 'Wait this long (30s, 5m) for the grant: the value comes as soon as a change grants it; exit 3 when a request of the agent for it is denied, or at the end'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;exec'= {
            cand --agent 'The agent whose secrets to inject'
            cand --only 'Inject only this secret; repeat for several (default: every secret granted to AGENT)'
            cand --key-file 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]'
            cand --egress 'With --proxy: where the command may connect at all: any (the default without --sandbox), pinned (only the hosts its secrets are pinned to, and --allow-host; the default with --sandbox), or hosts, repeated'
            cand --allow-host 'With --egress pinned (or a list of hosts): let the command reach this host too; repeat for several'
            cand --upstream-ca 'With --proxy: trust these CA certificates (PEM) for the upstreams too, beside the system''s roots [else VAULT_UPSTREAM_CA]'
            cand --hide 'With --sandbox: keep PATH out of sight too (a file shows empty, a directory empty)'
            cand --allow-read 'With --sandbox: let the command read PATH (in the private home, say)'
            cand --allow-write 'With --sandbox: let the command write to PATH'
            cand --pass-fd 'With --sandbox: keep descriptor N open for the command (every other one above 2 is closed)'
            cand --env 'With --sandbox: keep the variable NAME, which would be dropped for pointing outside the sandbox or looking like a credential'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --no-mask 'Do not mask the output: vault becomes the command, which writes where vault would (with --proxy, vault stays, to serve the proxy)'
            cand --proxy 'Give the command placeholders, not values, and a proxy that puts each value into its HTTPS requests to the hosts the secret is pinned to'
            cand --strict 'With --proxy: stop (403) a request that carries a secret''s placeholder to a host the secret is not pinned to, instead of letting the placeholder go as it is'
            cand --sandbox 'Run the command in a sandbox where it reaches nothing but the proxy (implies --proxy)'
            cand --private-home 'With --sandbox: an empty home directory, holding only the current directory, the toolchains installed there and --allow-read (the default)'
            cand --share-home 'With --sandbox: show the home directory read-only instead, less the known credential stores and the vault''s own directories'
            cand --clean-env 'With --sandbox: pass only PATH, HOME, USER, LOGNAME, SHELL, TERM, COLORTERM, LANG, LANGUAGE, LC_*, TZ, TMPDIR, NO_COLOR and --env from the environment'
            cand --through-mcp 'Plumbing: this run is a `run` call of `vault mcp`, and its events say `via: "mcp"`'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;sandbox'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
            cand enter 'Plumbing: what runs inside the sandbox before the command'
            cand probe 'Plumbing: the escapes `sandbox check` tries, from inside'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;sandbox;check'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;sandbox;enter'= {
            cand --control 'The socket to the vault outside'
            cand --stderr 'The command''s standard error (bubblewrap''s own goes to vault)'
            cand --listen 'Listen on this loopback port inside, for the proxy outside'
            cand --pass-fd 'Descriptors left open for the command'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --route 'Also make a listener and a name server''s socket for connections routed to the proxy'
            cand --terminal 'Make the terminal on stdout (else stdin) the command''s controlling terminal'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;sandbox;probe'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;sandbox;help'= {
            cand check 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
            cand enter 'Plumbing: what runs inside the sandbox before the command'
            cand probe 'Plumbing: the escapes `sandbox check` tries, from inside'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;sandbox;help;check'= {
        }
        &'vault;sandbox;help;enter'= {
        }
        &'vault;sandbox;help;probe'= {
        }
        &'vault;sandbox;help;help'= {
        }
        &'vault;mcp'= {
            cand --agent 'The agent the client works as'
            cand --key-file 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --no-sandbox 'Offer `run` without the sandbox: its output is still masked and its requests still go through the proxy, but the program holds placeholders only as long as it does not read the vault''s files, which it can see'
            cand --allow-request-secret 'Offer `request_secret`: a page on 127.0.0.1 where a person types a new secret''s value, with a code `vault grant requests` shows; it waits there for an operator''s approval'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;request'= {
            cand --agent 'The agent that asks'
            cand --reason 'Why, for the operator'
            cand --for 'For how long (30m, 2h, 7d); the operator decides'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;merge'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;git'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Set up the vault''s diff and merge in the git work tree holding it'
            cand textconv 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;git;setup'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --global 'Write the diff and merge drivers to the user''s git config instead of the repository''s'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;git;textconv'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;git;help'= {
            cand setup 'Set up the vault''s diff and merge in the git work tree holding it'
            cand textconv 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;git;help;setup'= {
        }
        &'vault;git;help;textconv'= {
        }
        &'vault;git;help;help'= {
        }
        &'vault;events'= {
            cand -n 'Only the last N events (read from the end of the log, however long it is)'
            cand --lines 'Only the last N events (read from the end of the log, however long it is)'
            cand --agent 'Only this agent''s events'
            cand --secret 'Only the events about this secret (by name)'
            cand --event 'Only events of this type; repeat for several'
            cand --since 'Only events since TIME: RFC 3339 (2026-11-28T10:00:00Z) or an age (15m, 2h, 7d)'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand -f 'After the last 10 events (or N), keep printing new ones as they are appended'
            cand --follow 'After the last 10 events (or N), keep printing new ones as they are appended'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check the log''s hash chain and print its head; exit 1 when the chain is broken'
            cand rotate 'Move the log aside and start a new file that goes on from it'
            cand anchor 'Record in the vault where the logs stand now (after logrotate, say)'
            cand export 'Print the log for security tools: one OCSF or ECS record per event, per line'
            cand repair 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;events;verify'= {
            cand --expect-head 'Also require the line with this hash: a head printed by an earlier verify'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;events;rotate'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;events;anchor'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --accept 'Accept a log that no longer reaches the vault''s record, or a vault older than the log'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;events;export'= {
            cand --format 'The schema'
            cand --after 'Only the events after this one (its seq): where a shipper stopped'
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand -f 'After the events there are, keep printing new ones as they are appended'
            cand --follow 'After the events there are, keep printing new ones as they are appended'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;events;repair'= {
            cand --vault 'The vault file [env: VAULT_FILE]'
            cand --identity 'The operator''s age identity [env: VAULT_IDENTITY]'
            cand --log 'The audit log, JSON lines [env: VAULT_LOG]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no hints or notices on stderr (errors still print)'
            cand --quiet 'Print no hints or notices on stderr (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;events;help'= {
            cand verify 'Check the log''s hash chain and print its head; exit 1 when the chain is broken'
            cand rotate 'Move the log aside and start a new file that goes on from it'
            cand anchor 'Record in the vault where the logs stand now (after logrotate, say)'
            cand export 'Print the log for security tools: one OCSF or ECS record per event, per line'
            cand repair 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;events;help;verify'= {
        }
        &'vault;events;help;rotate'= {
        }
        &'vault;events;help;anchor'= {
        }
        &'vault;events;help;export'= {
        }
        &'vault;events;help;repair'= {
        }
        &'vault;events;help;help'= {
        }
        &'vault;help'= {
            cand init 'Create the operator identity (unless one exists) and an empty vault'
            cand secret 'Store, rotate, list and remove secrets'
            cand agent 'Create, list and remove agents, each with an age key of its own'
            cand grant 'Give an agent access to a secret, list grants, revoke them'
            cand operator 'Add, list and remove operators: the keys that open the whole vault'
            cand unlock 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys'
            cand lock 'End the unlock cache `vault unlock` started'
            cand rekey 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys'
            cand read 'Print a secret''s value for an agent; exit 3 when the agent may not read it'
            cand exec 'Run a command with an agent''s secrets in its environment, masked in its output'
            cand sandbox 'Run programs in a sandbox: `sandbox check` tries each escape on this machine'
            cand mcp 'Serve an agent''s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value'
            cand request 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log'
            cand merge 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)'
            cand git 'Share the vault through git: a diff that shows what changed and a merge that understands the vault'
            cand events 'Show the audit log, oldest first; `events verify` checks its hash chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;help;init'= {
        }
        &'vault;help;secret'= {
            cand add 'Store a new secret; the value comes from --from-file, else stdin, else a prompt'
            cand set 'Replace the value of an existing secret, keeping its id, its grants and its canary mark'
            cand list 'List secrets (metadata only, never values), sorted by name'
            cand rm 'Delete a secret and every grant on it'
            cand show 'Print a secret''s value, as an operator: its exact bytes on stdout'
            cand hosts 'Add or remove the hosts the credential proxy may send a secret to; no value is asked'
            cand history 'List the versions of a secret''s value (never the values), newest first'
            cand rollback 'Make an earlier version of a secret''s value the current one, as a new version'
            cand rename 'Give a secret a new name, keeping its id, its grants and its history'
            cand import 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write'
        }
        &'vault;help;secret;add'= {
        }
        &'vault;help;secret;set'= {
        }
        &'vault;help;secret;list'= {
        }
        &'vault;help;secret;rm'= {
        }
        &'vault;help;secret;show'= {
        }
        &'vault;help;secret;hosts'= {
        }
        &'vault;help;secret;history'= {
        }
        &'vault;help;secret;rollback'= {
        }
        &'vault;help;secret;rename'= {
        }
        &'vault;help;secret;import'= {
        }
        &'vault;help;agent'= {
            cand add 'Create an agent and print its secret key, once, as the only line on stdout'
            cand list 'List agents with their recipients and grant counts'
            cand rm 'Delete an agent and all its grants'
        }
        &'vault;help;agent;add'= {
        }
        &'vault;help;agent;list'= {
        }
        &'vault;help;agent;rm'= {
        }
        &'vault;help;grant'= {
            cand add 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)'
            cand list 'List grants, with secret names'
            cand rm 'Revoke a grant, by its id or by agent and secret'
            cand sweep 'Drop the grants whose time has run out, and their values from the agents'' parts'
            cand requests 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)'
            cand approve 'Grant what a request asked for; --for sets how long (else what the agent asked for)'
            cand deny 'Turn a request down; a request the proxy is holding gets a 403'
        }
        &'vault;help;grant;add'= {
        }
        &'vault;help;grant;list'= {
        }
        &'vault;help;grant;rm'= {
        }
        &'vault;help;grant;sweep'= {
        }
        &'vault;help;grant;requests'= {
        }
        &'vault;help;grant;approve'= {
        }
        &'vault;help;grant;deny'= {
        }
        &'vault;help;operator'= {
            cand add 'Add an operator: the whole vault is encrypted to its recipient too'
            cand list 'List the operators'' recipients'
            cand rm 'Remove an operator: what is written from then on no longer opens with its key'
            cand passphrase 'Add, change or remove the passphrase on the operator identity, in place'
        }
        &'vault;help;operator;add'= {
        }
        &'vault;help;operator;list'= {
        }
        &'vault;help;operator;rm'= {
        }
        &'vault;help;operator;passphrase'= {
        }
        &'vault;help;unlock'= {
        }
        &'vault;help;lock'= {
        }
        &'vault;help;rekey'= {
        }
        &'vault;help;read'= {
        }
        &'vault;help;exec'= {
        }
        &'vault;help;sandbox'= {
            cand check 'Start a sandbox and try each escape from inside it; exit 0 only when every one held'
            cand enter 'Plumbing: what runs inside the sandbox before the command'
            cand probe 'Plumbing: the escapes `sandbox check` tries, from inside'
        }
        &'vault;help;sandbox;check'= {
        }
        &'vault;help;sandbox;enter'= {
        }
        &'vault;help;sandbox;probe'= {
        }
        &'vault;help;mcp'= {
        }
        &'vault;help;request'= {
        }
        &'vault;help;merge'= {
        }
        &'vault;help;git'= {
            cand setup 'Set up the vault''s diff and merge in the git work tree holding it'
            cand textconv 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)'
        }
        &'vault;help;git;setup'= {
        }
        &'vault;help;git;textconv'= {
        }
        &'vault;help;events'= {
            cand verify 'Check the log''s hash chain and print its head; exit 1 when the chain is broken'
            cand rotate 'Move the log aside and start a new file that goes on from it'
            cand anchor 'Record in the vault where the logs stand now (after logrotate, say)'
            cand export 'Print the log for security tools: one OCSF or ECS record per event, per line'
            cand repair 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line'
        }
        &'vault;help;events;verify'= {
        }
        &'vault;help;events;rotate'= {
        }
        &'vault;help;events;anchor'= {
        }
        &'vault;help;events;export'= {
        }
        &'vault;help;events;repair'= {
        }
        &'vault;help;help'= {
        }
    ]
    $completions[$command]
}
