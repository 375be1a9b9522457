
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'vault' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'vault'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'vault' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the operator identity (unless one exists) and an empty vault')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store, rotate, list and remove secrets')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Create, list and remove agents, each with an age key of its own')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give an agent access to a secret, list grants, revoke them')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Add, list and remove operators: the keys that open the whole vault')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the unlock cache `vault unlock` started')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print a secret''s value for an agent; exit 3 when the agent may not read it')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with an agent''s secrets in its environment, masked in its output')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run programs in a sandbox: `sandbox check` tries each escape on this machine')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve an agent''s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Share the vault through git: a diff that shows what changed and a merge that understands the vault')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Show the audit log, oldest first; `events verify` checks its hash chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;init' {
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'The operator''s recipient, for an identity file you bring (an age plugin''s, say)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Lock the new operator identity with a passphrase [env: VAULT_PASSPHRASE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a new secret; the value comes from --from-file, else stdin, else a prompt')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Replace the value of an existing secret, keeping its id, its grants and its canary mark')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets (metadata only, never values), sorted by name')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List secrets (metadata only, never values), sorted by name')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a secret and every grant on it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a secret''s value, as an operator: its exact bytes on stdout')
            [CompletionResult]::new('hosts', 'hosts', [CompletionResultType]::ParameterValue, 'Add or remove the hosts the credential proxy may send a secret to; no value is asked')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the versions of a secret''s value (never the values), newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier version of a secret''s value the current one, as a new version')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a secret a new name, keeping its id, its grants and its history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;secret;add' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from this file, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'With --generate: which characters (ascii: the printable ones but space)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'A host the credential proxy (`vault exec --proxy`) may send the value to; repeat for several')
            [CompletionResult]::new('--inject', '--inject', [CompletionResultType]::ParameterName, 'Where in a request to those hosts the proxy may put the value: header, query, path or body; repeat for several (default: header, query and path)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)')
            [CompletionResult]::new('--aws-sigv4', '--aws-sigv4', [CompletionResultType]::ParameterName, 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID: under `vault exec --proxy` the program gets placeholders for both, and the proxy signs its requests to this secret''s hosts again with the real pair')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Make a random value (from the operating system''s random source); printed only with --show')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'With --generate: print the new value, once, on stdout (as `secret show` would)')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'Mark the secret as bait: every read of it, and its value in a program''s output under `vault exec`, is logged as `vault.canary`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;set' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from this file, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'With --generate: which characters (ascii: the printable ones but space)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only if the current version is N: refuse when another change came first')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'A host the credential proxy (`vault exec --proxy`) may send the value to, in place of those it had; repeat for several (without --host, the hosts stay)')
            [CompletionResult]::new('--inject', '--inject', [CompletionResultType]::ParameterName, 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several (without --inject, the places stay)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)')
            [CompletionResult]::new('--aws-sigv4', '--aws-sigv4', [CompletionResultType]::ParameterName, 'Make this secret the secret access key of an AWS pair whose access key id is the secret KEY_ID, in place of the pair it was half of (see `vault secret add --help`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Make a random value (from the operating system''s random source); printed only with --show')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'With --generate: print the new value, once, on stdout (as `secret show` would)')
            [CompletionResult]::new('--no-hosts', '--no-hosts', [CompletionResultType]::ParameterName, 'Pin the secret to no host: the proxy sends it nowhere')
            [CompletionResult]::new('--no-aws-sigv4', '--no-aws-sigv4', [CompletionResultType]::ParameterName, 'Make this secret an ordinary one again, half of no AWS pair')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;hosts' {
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'A host to add (HOST, HOST:PORT, *.DOMAIN, an IP address, http://HOST, each with a path glob after it or not); repeat for several')
            [CompletionResult]::new('--rm', '--rm', [CompletionResultType]::ParameterName, 'A host to remove, as `secret list` shows it; repeat for several')
            [CompletionResult]::new('--inject', '--inject', [CompletionResultType]::ParameterName, 'Where in a request the proxy may put the value, in place of where it could: header, query, path or body; repeat for several')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; repeat for several, or say any (the default: every method)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Remove every host first (with no --add: the proxy sends the secret nowhere)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;history' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many versions, newest first')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'How many versions, newest first')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;rollback' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The version whose value becomes current again')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;rename' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;import' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Update secrets that exist already instead of refusing the file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;secret;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a new secret; the value comes from --from-file, else stdin, else a prompt')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Replace the value of an existing secret, keeping its id, its grants and its canary mark')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets (metadata only, never values), sorted by name')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a secret and every grant on it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a secret''s value, as an operator: its exact bytes on stdout')
            [CompletionResult]::new('hosts', 'hosts', [CompletionResultType]::ParameterValue, 'Add or remove the hosts the credential proxy may send a secret to; no value is asked')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the versions of a secret''s value (never the values), newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier version of a secret''s value the current one, as a new version')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a secret a new name, keeping its id, its grants and its history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;secret;help;add' {
            break
        }
        'vault;secret;help;set' {
            break
        }
        'vault;secret;help;list' {
            break
        }
        'vault;secret;help;rm' {
            break
        }
        'vault;secret;help;show' {
            break
        }
        'vault;secret;help;hosts' {
            break
        }
        'vault;secret;help;history' {
            break
        }
        'vault;secret;help;rollback' {
            break
        }
        'vault;secret;help;rename' {
            break
        }
        'vault;secret;help;import' {
            break
        }
        'vault;secret;help;help' {
            break
        }
        'vault;agent' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an agent and print its secret key, once, as the only line on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents with their recipients and grant counts')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List agents with their recipients and grant counts')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete an agent and all its grants')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;agent;add' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;agent;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;agent;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;agent;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;agent;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an agent and print its secret key, once, as the only line on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents with their recipients and grant counts')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete an agent and all its grants')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;agent;help;add' {
            break
        }
        'vault;agent;help;list' {
            break
        }
        'vault;agent;help;rm' {
            break
        }
        'vault;agent;help;help' {
            break
        }
        'vault;grant' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List grants, with secret names')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List grants, with secret names')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a grant, by its id or by agent and secret')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Drop the grants whose time has run out, and their values from the agents'' parts')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Grant what a request asked for; --for sets how long (else what the agent asked for)')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Turn a request down; a request the proxy is holding gets a 403')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;grant;add' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent to grant to')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'For this long only (30m, 2h, 7d); after it, reads are denied')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Until this time only: RFC 3339 (2026-12-31T18:00:00Z), or a date alone for the end of that day in UTC (2026-12-31)')
            [CompletionResult]::new('--approve-timeout', '--approve-timeout', [CompletionResultType]::ParameterName, 'How long a held request waits for its answer before it gets a 403 (default 2m)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--approve', '--approve', [CompletionResultType]::ParameterName, 'Hold each request of `exec --proxy` on the secret''s routes until a person answers it (`vault grant approve REQ`, `vault grant deny REQ`, or the program VAULT_ASKPASS names); `vault read` and a plain `exec` cannot use this grant')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;list' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent''s grants')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only the grants of this secret (its name or id): who can read it')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;ls' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent''s grants')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only the grants of this secret (its name or id): who can read it')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;rm' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Revoke this agent''s grant on SECRET (then SECRET is a secret''s id or name)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;sweep' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;requests' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;approve' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'For how long (30m, 2h, 7d): the grant, or the window in which a held request''s further requests pass')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;deny' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the agent')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;grant;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List grants, with secret names')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a grant, by its id or by agent and secret')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Drop the grants whose time has run out, and their values from the agents'' parts')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Grant what a request asked for; --for sets how long (else what the agent asked for)')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Turn a request down; a request the proxy is holding gets a 403')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;grant;help;add' {
            break
        }
        'vault;grant;help;list' {
            break
        }
        'vault;grant;help;rm' {
            break
        }
        'vault;grant;help;sweep' {
            break
        }
        'vault;grant;help;requests' {
            break
        }
        'vault;grant;help;approve' {
            break
        }
        'vault;grant;help;deny' {
            break
        }
        'vault;grant;help;help' {
            break
        }
        'vault;operator' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator: the whole vault is encrypted to its recipient too')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the operators'' recipients')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the operators'' recipients')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an operator: what is written from then on no longer opens with its key')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Add, change or remove the passphrase on the operator identity, in place')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;operator;add' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;operator;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;operator;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;operator;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;operator;passphrase' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove the passphrase: the identity file holds the key in clear again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;operator;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator: the whole vault is encrypted to its recipient too')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the operators'' recipients')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an operator: what is written from then on no longer opens with its key')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Add, change or remove the passphrase on the operator identity, in place')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;operator;help;add' {
            break
        }
        'vault;operator;help;list' {
            break
        }
        'vault;operator;help;rm' {
            break
        }
        'vault;operator;help;passphrase' {
            break
        }
        'vault;operator;help;help' {
            break
        }
        'vault;unlock' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'How long to keep it unlocked (30m, 2h, 1d)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--serve', '--serve', [CompletionResultType]::ParameterName, 'Be the cache (what `vault unlock` starts; the identity comes on stdin)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;rekey' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--agents', '--agents', [CompletionResultType]::ParameterName, 'Also issue every agent a new key, and invalidate the old ones')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;read' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent that reads')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait this long (30s, 5m) for the grant: the value comes as soon as a change grants it; exit 3 when a request of the agent for it is denied, or at the end')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;exec' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent whose secrets to inject')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Inject only this secret; repeat for several (default: every secret granted to AGENT)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]')
            [CompletionResult]::new('--egress', '--egress', [CompletionResultType]::ParameterName, 'With --proxy: where the command may connect at all: any (the default without --sandbox), pinned (only the hosts its secrets are pinned to, and --allow-host; the default with --sandbox), or hosts, repeated')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'With --egress pinned (or a list of hosts): let the command reach this host too; repeat for several')
            [CompletionResult]::new('--upstream-ca', '--upstream-ca', [CompletionResultType]::ParameterName, 'With --proxy: trust these CA certificates (PEM) for the upstreams too, beside the system''s roots [else VAULT_UPSTREAM_CA]')
            [CompletionResult]::new('--hide', '--hide', [CompletionResultType]::ParameterName, 'With --sandbox: keep PATH out of sight too (a file shows empty, a directory empty)')
            [CompletionResult]::new('--allow-read', '--allow-read', [CompletionResultType]::ParameterName, 'With --sandbox: let the command read PATH (in the private home, say)')
            [CompletionResult]::new('--allow-write', '--allow-write', [CompletionResultType]::ParameterName, 'With --sandbox: let the command write to PATH')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'With --sandbox: keep descriptor N open for the command (every other one above 2 is closed)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'With --sandbox: keep the variable NAME, which would be dropped for pointing outside the sandbox or looking like a credential')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Do not mask the output: vault becomes the command, which writes where vault would (with --proxy, vault stays, to serve the proxy)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Give the command placeholders, not values, and a proxy that puts each value into its HTTPS requests to the hosts the secret is pinned to')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'With --proxy: stop (403) a request that carries a secret''s placeholder to a host the secret is not pinned to, instead of letting the placeholder go as it is')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run the command in a sandbox where it reaches nothing but the proxy (implies --proxy)')
            [CompletionResult]::new('--private-home', '--private-home', [CompletionResultType]::ParameterName, 'With --sandbox: an empty home directory, holding only the current directory, the toolchains installed there and --allow-read (the default)')
            [CompletionResult]::new('--share-home', '--share-home', [CompletionResultType]::ParameterName, 'With --sandbox: show the home directory read-only instead, less the known credential stores and the vault''s own directories')
            [CompletionResult]::new('--clean-env', '--clean-env', [CompletionResultType]::ParameterName, 'With --sandbox: pass only PATH, HOME, USER, LOGNAME, SHELL, TERM, COLORTERM, LANG, LANGUAGE, LC_*, TZ, TMPDIR, NO_COLOR and --env from the environment')
            [CompletionResult]::new('--through-mcp', '--through-mcp', [CompletionResultType]::ParameterName, 'Plumbing: this run is a `run` call of `vault mcp`, and its events say `via: "mcp"`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;sandbox' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Start a sandbox and try each escape from inside it; exit 0 only when every one held')
            [CompletionResult]::new('enter', 'enter', [CompletionResultType]::ParameterValue, 'Plumbing: what runs inside the sandbox before the command')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Plumbing: the escapes `sandbox check` tries, from inside')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;sandbox;check' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;sandbox;enter' {
            [CompletionResult]::new('--control', '--control', [CompletionResultType]::ParameterName, 'The socket to the vault outside')
            [CompletionResult]::new('--stderr', '--stderr', [CompletionResultType]::ParameterName, 'The command''s standard error (bubblewrap''s own goes to vault)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Listen on this loopback port inside, for the proxy outside')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Descriptors left open for the command')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'Also make a listener and a name server''s socket for connections routed to the proxy')
            [CompletionResult]::new('--terminal', '--terminal', [CompletionResultType]::ParameterName, 'Make the terminal on stdout (else stdin) the command''s controlling terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;sandbox;probe' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;sandbox;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Start a sandbox and try each escape from inside it; exit 0 only when every one held')
            [CompletionResult]::new('enter', 'enter', [CompletionResultType]::ParameterValue, 'Plumbing: what runs inside the sandbox before the command')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Plumbing: the escapes `sandbox check` tries, from inside')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;sandbox;help;check' {
            break
        }
        'vault;sandbox;help;enter' {
            break
        }
        'vault;sandbox;help;probe' {
            break
        }
        'vault;sandbox;help;help' {
            break
        }
        'vault;mcp' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent the client works as')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The agent''s key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--no-sandbox', '--no-sandbox', [CompletionResultType]::ParameterName, 'Offer `run` without the sandbox: its output is still masked and its requests still go through the proxy, but the program holds placeholders only as long as it does not read the vault''s files, which it can see')
            [CompletionResult]::new('--allow-request-secret', '--allow-request-secret', [CompletionResultType]::ParameterName, 'Offer `request_secret`: a page on 127.0.0.1 where a person types a new secret''s value, with a code `vault grant requests` shows; it waits there for an operator''s approval')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;request' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent that asks')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the operator')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'For how long (30m, 2h, 7d); the operator decides')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;merge' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;git' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the vault''s diff and merge in the git work tree holding it')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;git;setup' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Write the diff and merge drivers to the user''s git config instead of the repository''s')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;git;textconv' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;git;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the vault''s diff and merge in the git work tree holding it')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;git;help;setup' {
            break
        }
        'vault;git;help;textconv' {
            break
        }
        'vault;git;help;help' {
            break
        }
        'vault;events' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the last N events (read from the end of the log, however long it is)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Only the last N events (read from the end of the log, however long it is)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent''s events')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only the events about this secret (by name)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only events of this type; repeat for several')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events since TIME: RFC 3339 (2026-11-28T10:00:00Z) or an age (15m, 2h, 7d)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'After the last 10 events (or N), keep printing new ones as they are appended')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'After the last 10 events (or N), keep printing new ones as they are appended')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and print its head; exit 1 when the chain is broken')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Move the log aside and start a new file that goes on from it')
            [CompletionResult]::new('anchor', 'anchor', [CompletionResultType]::ParameterValue, 'Record in the vault where the logs stand now (after logrotate, say)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the log for security tools: one OCSF or ECS record per event, per line')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;events;verify' {
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'Also require the line with this hash: a head printed by an earlier verify')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;events;rotate' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;events;anchor' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--accept', '--accept', [CompletionResultType]::ParameterName, 'Accept a log that no longer reaches the vault''s record, or a vault older than the log')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;events;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The schema')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Only the events after this one (its seq): where a shipper stopped')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'After the events there are, keep printing new ones as they are appended')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'After the events there are, keep printing new ones as they are appended')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;events;repair' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [env: VAULT_FILE]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The operator''s age identity [env: VAULT_IDENTITY]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log, JSON lines [env: VAULT_LOG]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no hints or notices on stderr (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;events;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and print its head; exit 1 when the chain is broken')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Move the log aside and start a new file that goes on from it')
            [CompletionResult]::new('anchor', 'anchor', [CompletionResultType]::ParameterValue, 'Record in the vault where the logs stand now (after logrotate, say)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the log for security tools: one OCSF or ECS record per event, per line')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;events;help;verify' {
            break
        }
        'vault;events;help;rotate' {
            break
        }
        'vault;events;help;anchor' {
            break
        }
        'vault;events;help;export' {
            break
        }
        'vault;events;help;repair' {
            break
        }
        'vault;events;help;help' {
            break
        }
        'vault;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the operator identity (unless one exists) and an empty vault')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store, rotate, list and remove secrets')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Create, list and remove agents, each with an age key of its own')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give an agent access to a secret, list grants, revoke them')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Add, list and remove operators: the keys that open the whole vault')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the operator identity unlocked for a while, as ssh-agent keeps keys')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the unlock cache `vault unlock` started')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Re-encrypt every part of the vault with new file keys; --agents issues new agent keys')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print a secret''s value for an agent; exit 3 when the agent may not read it')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with an agent''s secrets in its environment, masked in its output')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run programs in a sandbox: `sandbox check` tries each escape on this machine')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve an agent''s secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never a value')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask the operators for a grant, as an agent; no key is needed: it only writes to the log')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Share the vault through git: a diff that shows what changed and a merge that understands the vault')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Show the audit log, oldest first; `events verify` checks its hash chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;help;init' {
            break
        }
        'vault;help;secret' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a new secret; the value comes from --from-file, else stdin, else a prompt')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Replace the value of an existing secret, keeping its id, its grants and its canary mark')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets (metadata only, never values), sorted by name')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a secret and every grant on it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a secret''s value, as an operator: its exact bytes on stdout')
            [CompletionResult]::new('hosts', 'hosts', [CompletionResultType]::ParameterValue, 'Add or remove the hosts the credential proxy may send a secret to; no value is asked')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the versions of a secret''s value (never the values), newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier version of a secret''s value the current one, as a new version')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a secret a new name, keeping its id, its grants and its history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every NAME=VALUE of a dotenv file, all or nothing, in one write')
            break
        }
        'vault;help;secret;add' {
            break
        }
        'vault;help;secret;set' {
            break
        }
        'vault;help;secret;list' {
            break
        }
        'vault;help;secret;rm' {
            break
        }
        'vault;help;secret;show' {
            break
        }
        'vault;help;secret;hosts' {
            break
        }
        'vault;help;secret;history' {
            break
        }
        'vault;help;secret;rollback' {
            break
        }
        'vault;help;secret;rename' {
            break
        }
        'vault;help;secret;import' {
            break
        }
        'vault;help;agent' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an agent and print its secret key, once, as the only line on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents with their recipients and grant counts')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete an agent and all its grants')
            break
        }
        'vault;help;agent;add' {
            break
        }
        'vault;help;agent;list' {
            break
        }
        'vault;help;agent;rm' {
            break
        }
        'vault;help;grant' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let an agent read a secret, for good or for a while; granting twice returns the existing grant (with another end, a new grant replaces it)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List grants, with secret names')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a grant, by its id or by agent and secret')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Drop the grants whose time has run out, and their values from the agents'' parts')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'List the requests that await an answer: for grants, and requests of the proxy held for a person (`grant add --approve`)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Grant what a request asked for; --for sets how long (else what the agent asked for)')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Turn a request down; a request the proxy is holding gets a 403')
            break
        }
        'vault;help;grant;add' {
            break
        }
        'vault;help;grant;list' {
            break
        }
        'vault;help;grant;rm' {
            break
        }
        'vault;help;grant;sweep' {
            break
        }
        'vault;help;grant;requests' {
            break
        }
        'vault;help;grant;approve' {
            break
        }
        'vault;help;grant;deny' {
            break
        }
        'vault;help;operator' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator: the whole vault is encrypted to its recipient too')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the operators'' recipients')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an operator: what is written from then on no longer opens with its key')
            [CompletionResult]::new('passphrase', 'passphrase', [CompletionResultType]::ParameterValue, 'Add, change or remove the passphrase on the operator identity, in place')
            break
        }
        'vault;help;operator;add' {
            break
        }
        'vault;help;operator;list' {
            break
        }
        'vault;help;operator;rm' {
            break
        }
        'vault;help;operator;passphrase' {
            break
        }
        'vault;help;unlock' {
            break
        }
        'vault;help;lock' {
            break
        }
        'vault;help;rekey' {
            break
        }
        'vault;help;read' {
            break
        }
        'vault;help;exec' {
            break
        }
        'vault;help;sandbox' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Start a sandbox and try each escape from inside it; exit 0 only when every one held')
            [CompletionResult]::new('enter', 'enter', [CompletionResultType]::ParameterValue, 'Plumbing: what runs inside the sandbox before the command')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Plumbing: the escapes `sandbox check` tries, from inside')
            break
        }
        'vault;help;sandbox;check' {
            break
        }
        'vault;help;sandbox;enter' {
            break
        }
        'vault;help;sandbox;probe' {
            break
        }
        'vault;help;mcp' {
            break
        }
        'vault;help;request' {
            break
        }
        'vault;help;merge' {
            break
        }
        'vault;help;git' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the vault''s diff and merge in the git work tree holding it')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)')
            break
        }
        'vault;help;git;setup' {
            break
        }
        'vault;help;git;textconv' {
            break
        }
        'vault;help;events' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and print its head; exit 1 when the chain is broken')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Move the log aside and start a new file that goes on from it')
            [CompletionResult]::new('anchor', 'anchor', [CompletionResultType]::ParameterValue, 'Record in the vault where the logs stand now (after logrotate, say)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the log for security tools: one OCSF or ECS record per event, per line')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Move a damaged tail of the log aside, into a file of its own, and go on from the last good line')
            break
        }
        'vault;help;events;verify' {
            break
        }
        'vault;help;events;rotate' {
            break
        }
        'vault;help;events;anchor' {
            break
        }
        'vault;help;events;export' {
            break
        }
        'vault;help;events;repair' {
            break
        }
        'vault;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
