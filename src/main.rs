//! The `yishi` command: the door is [`yishi::cli`].

use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: a build allocates and frees millions of small
/// strings from two threads, and glibc's malloc/free took a quarter of the build's time
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    yishi::cli::run()
}
