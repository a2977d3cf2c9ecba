// mimalloc: with several worker threads rendering, glibc's allocator let the resident memory
// of a long batch creep up (fragmentation); mimalloc keeps it flat (README, Performances).
#[global_allocator]
static ALLOCATEUR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(recouvre::cli::main());
}
