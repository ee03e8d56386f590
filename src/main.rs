//! The `dramaloc` binary: everything happens in the library.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(dramaloc::run(std::env::args_os().collect()).code())
}
