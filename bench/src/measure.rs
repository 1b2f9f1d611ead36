//! Whole-process measurements for the harness: wall time and peak memory of a command
//! (`/usr/bin/time`), compile times of a crate with its dependencies already built, and
//! the medians criterion recorded.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub type Result<T> = std::result::Result<T, String>;

/// Runs `command`, failing with its output when it fails.
pub fn run(command: &mut Command) -> Result<std::process::Output> {
    let output = command
        .output()
        .map_err(|error| format!("{command:?}: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output)
}

/// `cargo`, the one running the harness if there is one.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Wall seconds (median of `runs`) and peak resident memory (KiB, the largest, by
/// `/usr/bin/time`) of a command.
pub fn process(program: &Path, args: &[String], runs: usize) -> Result<(f64, u64)> {
    let report = tempfile::NamedTempFile::new().map_err(|error| error.to_string())?;
    let mut walls = Vec::new();
    let mut peak = 0;
    for _ in 0..runs.max(1) {
        // `/usr/bin/time` reports wall time in hundredths; the clock here is finer.
        let start = Instant::now();
        run(Command::new("/usr/bin/time")
            .arg("-o")
            .arg(report.path())
            .args(["-f", "%M"])
            .arg(program)
            .args(args))?;
        walls.push(start.elapsed().as_secs_f64());
        let text = std::fs::read_to_string(report.path()).map_err(|error| error.to_string())?;
        let rss: u64 = text
            .trim()
            .parse()
            .map_err(|_| format!("unreadable /usr/bin/time output: {text}"))?;
        peak = peak.max(rss);
    }
    Ok((median(&mut walls), peak))
}

/// The environment variable that makes the harness binary act as `RUSTC_WRAPPER`,
/// naming the file it appends rustc's seconds to.
pub const RUSTC_LOG: &str = "SVCGEN_BENCH_RUSTC_LOG";
/// The crate whose rustc invocations the wrapper records.
pub const RUSTC_CRATE: &str = "SVCGEN_BENCH_CRATE";

/// As `RUSTC_WRAPPER`: runs `rustc` with `args`, and records how long it took when it
/// compiled the crate named in [`RUSTC_CRATE`]. Timing rustc itself leaves out what cargo
/// does around it (checking the fingerprints of every dependency), which is larger for a
/// crate with more dependencies and is not the cost of the generated code.
pub fn rustc_wrapper(log: &Path, rustc: &str, args: &[String]) -> Result<i32> {
    let start = Instant::now();
    let status = Command::new(rustc)
        .args(args)
        .status()
        .map_err(|error| format!("{rustc}: {error}"))?;
    let seconds = start.elapsed().as_secs_f64();
    let crate_name = args
        .windows(2)
        .find(|pair| pair.first().is_some_and(|flag| flag == "--crate-name"))
        .and_then(|pair| pair.get(1));
    let wanted = std::env::var(RUSTC_CRATE).ok();
    if crate_name.is_some() && crate_name == wanted.as_ref() {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|error| format!("{}: {error}", log.display()))?;
        writeln!(file, "{seconds}").map_err(|error| error.to_string())?;
    }
    Ok(status.code().unwrap_or(1))
}

/// Seconds rustc takes to rebuild the crate at `dir` alone, debug and release:
/// dependencies are built first, then `src/lib.rs` is touched and the build timed through
/// `wrapper` (a copy of the harness, which runs [`rustc_wrapper`]; median of `runs`).
pub fn compile_times(dir: &Path, target: &Path, wrapper: &Path, runs: usize) -> Result<(f64, f64)> {
    let log = tempfile::NamedTempFile::new().map_err(|error| error.to_string())?;
    let crate_name = package_name(dir)?.replace('-', "_");
    let mut times = [0.0; 2];
    for (slot, release) in times.iter_mut().zip([false, true]) {
        let build = || {
            let mut command = cargo();
            command
                .arg("build")
                .arg("--quiet")
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", target)
                .env("RUSTC_WRAPPER", wrapper)
                .env(RUSTC_LOG, log.path())
                .env(RUSTC_CRATE, &crate_name)
                .env_remove("RUSTFLAGS");
            if release {
                command.arg("--release");
            }
            command
        };
        run(&mut build())?;
        let mut samples = Vec::new();
        for _ in 0..runs.max(1) {
            touch(&dir.join("src/lib.rs"))?;
            std::fs::write(log.path(), "").map_err(|error| error.to_string())?;
            run(&mut build())?;
            let recorded =
                std::fs::read_to_string(log.path()).map_err(|error| error.to_string())?;
            let seconds: f64 = recorded
                .lines()
                .filter_map(|line| line.parse::<f64>().ok())
                .sum();
            if seconds == 0.0 {
                return Err(format!(
                    "{}: rustc never compiled `{crate_name}`",
                    dir.display()
                ));
            }
            samples.push(seconds);
        }
        *slot = median(&mut samples);
    }
    Ok((times[0], times[1]))
}

/// The `name` of the `[package]` in `dir/Cargo.toml`.
fn package_name(dir: &Path) -> Result<String> {
    let path = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    text.lines()
        .find_map(|line| {
            let value = line.trim().strip_prefix("name")?.trim().strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
        .ok_or_else(|| format!("{}: no package name", path.display()))
}

fn touch(path: &Path) -> Result<()> {
    let text = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    std::fs::write(path, text).map_err(|error| format!("{}: {error}", path.display()))
}

pub fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The median criterion recorded for `group/id`, in seconds.
pub fn criterion_median(target: &Path, group: &str, id: &str) -> Option<f64> {
    let path: PathBuf = [
        target,
        Path::new("criterion"),
        Path::new(group),
        Path::new(id),
    ]
    .iter()
    .collect::<PathBuf>()
    .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let nanoseconds = value.get("median")?.get("point_estimate")?.as_f64()?;
    Some(nanoseconds / 1e9)
}

/// Lines of a source text.
pub fn lines(text: &str) -> usize {
    text.lines().count()
}
