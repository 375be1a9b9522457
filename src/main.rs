fn main() -> std::process::ExitCode {
    vault::main()
}
