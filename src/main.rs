fn main() {
    std::process::exit(recouvre::cli::main());
}
