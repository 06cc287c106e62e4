//! `bbr`, the command-line client of the building-block registry, on the client crate.

mod cli;
mod commands;
mod config;
mod context;
mod fail;
mod output;

use clap::Parser;

use fail::Fail;

fn main() {
    // `try_parse` so that a usage error exits with clap's code 2 and help with 0.
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => exit_with(Fail::local(format!("starting: {e}"))),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => {}
        Err(f) => exit_with(f),
    }
}

/// Prints the failure and exits with its code.
pub fn exit_with(f: Fail) -> ! {
    let mut lines = f.message.lines();
    if let Some(first) = lines.next() {
        eprintln!("bbr: {first}");
    }
    for l in lines {
        eprintln!("{l}");
    }
    std::process::exit(f.kind as i32)
}
