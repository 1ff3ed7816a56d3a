//! The `altloom` binary: everything happens in [`altloom::run`].

fn main() -> std::process::ExitCode {
    altloom::run()
}
