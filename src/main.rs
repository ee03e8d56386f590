//! The `dramaloc` binary: everything happens in the library.

// mimalloc keeps freed memory for reuse: a run reads thousands of tracks, and the system
// allocator's habit of returning large blocks to the kernel costs a page fault per 4 KiB on
// every reuse (measured in `benches/parse.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(dramaloc::run(std::env::args_os().collect()).code())
}
