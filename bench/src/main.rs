//! `cargo run -p svcgen-bench --release [-- --quick]`: runs every benchmark and writes
//! `BENCHMARKS.md` at the workspace root.
//!
//! 1. the criterion benches (`cargo bench -p svcgen-bench`): generation in process,
//!    decoding and encoding beside their baselines, client overhead;
//! 2. the `svcgen` command per input: wall time and peak memory;
//! 3. generated code per input: size, and compile time of the crate alone (debug and
//!    release, dependencies built beforehand);
//! 4. the same for xsd-parser 1.5.2 on the plain XML Schemas both accept
//!    (`bench/peers/xsd-parser` drives it), as ratios.
//!
//! `--quick` shortens criterion's measurements of generation, times one build instead of
//! three and leaves out compiling the 10,000-type crate. `--synthetic N FILE` only writes the
//! synthetic WSDL of N types to FILE, for profiling by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use svcgen::RuntimeDependency;
use svcgen_bench::inputs::{self, Input};
use svcgen_bench::measure::{self, Result, cargo, criterion_median, lines, run};
use svcgen_bench::{payloads, shared_fixtures, workspace_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(log) = std::env::var_os(measure::RUSTC_LOG)
        && let Some((rustc, rest)) = args.split_first()
    {
        return match measure::rustc_wrapper(Path::new(&log), rustc, rest) {
            Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if let [flag, types, file] = args.as_slice()
        && flag == "--synthetic"
    {
        let Ok(types) = types.parse() else {
            eprintln!("error: `{types}` is not a number of types");
            return ExitCode::FAILURE;
        };
        if let Err(error) = std::fs::write(file, svcgen_bench::synthetic::wsdl(types)) {
            eprintln!("error: {file}: {error}");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    match harness(args.iter().any(|arg| arg == "--quick")) {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Where things are, and how hard to try.
struct Setup {
    root: PathBuf,
    target: PathBuf,
    work: tempfile::TempDir,
    svcgen: PathBuf,
    /// Builds timed per crate (each is slow).
    runs: usize,
    /// Runs of each command (each is quick).
    command_runs: usize,
    /// A copy of this binary to serve as `RUSTC_WRAPPER` (`cargo bench` rebuilds the
    /// original while the harness runs).
    wrapper: PathBuf,
    quick: bool,
}

fn harness(quick: bool) -> Result<PathBuf> {
    let root = workspace_root();
    let target = root.join("target");
    let work = tempfile::tempdir().map_err(|error| error.to_string())?;
    let wrapper = work.path().join("rustc-wrapper");
    let this = std::env::current_exe().map_err(|error| error.to_string())?;
    std::fs::copy(&this, &wrapper).map_err(|error| format!("{}: {error}", this.display()))?;
    let setup = Setup {
        svcgen: target.join("release/svcgen"),
        work,
        wrapper,
        runs: if quick { 1 } else { 3 },
        command_runs: if quick { 5 } else { 11 },
        root,
        target,
        quick,
    };
    eprintln!("building the svcgen command (release)");
    run(cargo()
        .args(["build", "--release", "--quiet", "-p", "svcgen"])
        .current_dir(&setup.root))?;
    eprintln!("running the criterion benches");
    // Only generation is shortened in quick mode (the 10,000-type input takes seconds per
    // iteration); decoding and client calls are quick, and short runs of them are noisy.
    let mut generate = cargo();
    generate
        .args(["bench", "-p", "svcgen-bench", "--bench", "generate"])
        .current_dir(&setup.root);
    if quick {
        generate.args(["--", "--warm-up-time", "1", "--measurement-time", "2"]);
    }
    run(&mut generate)?;
    run(cargo()
        .args([
            "bench",
            "-p",
            "svcgen-bench",
            "--bench",
            "codec",
            "--bench",
            "client",
        ])
        .current_dir(&setup.root))?;

    let mut report = header(&setup)?;
    report.push_str(&generation(&setup)?);
    report.push_str(&peer_comparison(&setup)?);
    report.push_str(&codecs(&setup));
    report.push_str(&client(&setup));
    // What the numbers cannot say: profiles behind the missed targets (written by hand).
    report.push('\n');
    report.push_str(include_str!("../NOTES.md"));
    let path = setup.root.join("BENCHMARKS.md");
    std::fs::write(&path, report).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(path)
}

fn header(setup: &Setup) -> Result<String> {
    let date = run(std::process::Command::new("date").args(["-u", "+%Y-%m-%d"]))?;
    let rustc = run(std::process::Command::new("rustc").arg("-V"))?;
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let command = if setup.quick {
        "cargo run -p svcgen-bench --release -- --quick"
    } else {
        "cargo run -p svcgen-bench --release"
    };
    Ok(format!(
        "# Benchmarks\n\n\
         Measured {} on {cpu}, {cores} cores, with {}. Written by `{command}` (see \
         `bench/src/main.rs`); do not edit by hand.\n\n\
         In-process figures are criterion medians (the library as a build script calls it, \
         with the system allocator); command figures are medians of {} runs of the \
         release `svcgen` binary (peak memory by `/usr/bin/time`; with mimalloc). Compile times \
         are rustc's own time for the generated crate alone (recorded through `RUSTC_WRAPPER`, \
         so cargo's checks of the dependencies are left out; median of {} builds), its \
         dependencies built beforehand.\n",
        String::from_utf8_lossy(&date.stdout).trim(),
        String::from_utf8_lossy(&rustc.stdout).trim(),
        setup.command_runs,
        setup.runs,
    ))
}

/// What `svcgen generate --out` does with an input, measured.
struct Generated {
    wall: f64,
    peak_kib: u64,
    lines: usize,
    bytes: usize,
    types: usize,
}

fn generate_with_command(setup: &Setup, input: &Input) -> Result<Generated> {
    let out = setup.work.path().join("command").join(&input.name);
    let mut args = vec!["generate".to_owned(), "--out".to_owned(), path_arg(&out)];
    if let Some(catalog) = &input.catalog {
        args.extend(["--catalog".to_owned(), path_arg(catalog)]);
    }
    args.extend(input.files.iter().map(|file| path_arg(file)));
    let (wall, peak_kib) = measure::process(&setup.svcgen, &args, setup.command_runs)?;
    let spec = input.spec(RuntimeDependency::default());
    let generated = svcgen::generate(&spec).map_err(|error| error.render())?;
    let module = generated
        .files()
        .find(|(path, _)| path.ends_with("service.rs"))
        .map(|(_, text)| text.to_owned())
        .unwrap_or_default();
    let service = spec.services.first().cloned().ok_or("no service")?;
    let report = svcgen::internal::inspect(&service).map_err(|error| error.render())?;
    let types = report
        .lines()
        .find_map(|line| line.strip_prefix("types ("))
        .and_then(|rest| rest.split(')').next())
        .and_then(|count| count.parse().ok())
        .unwrap_or(0);
    Ok(Generated {
        wall,
        peak_kib,
        lines: lines(&module),
        bytes: module.len(),
        types,
    })
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Writes the crate svcgen generates for `input` (depending on this checkout's runtime)
/// and times building it.
fn compile_ours(setup: &Setup, input: &Input) -> Result<(f64, f64)> {
    let dir = setup.work.path().join("crates").join(&input.name);
    let runtime = RuntimeDependency::path_from(&dir, &setup.root.join("runtime"));
    let generated = svcgen::generate(&input.spec(runtime)).map_err(|error| error.render())?;
    generated.write(&dir).map_err(|error| error.render())?;
    let lock = setup.root.join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|error| error.to_string())?;
    measure::compile_times(
        &dir,
        &setup.target.join("bench-crates"),
        &setup.wrapper,
        setup.runs,
    )
}

fn generation(setup: &Setup) -> Result<String> {
    let inputs = inputs::generation(setup.work.path()).map_err(|error| error.to_string())?;
    let mut out = String::from(
        "\n## Generation\n\n\
         | input | types | in process | command | peak memory | lines | bytes | lines/type | debug build | release build | debug s/100 types |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut in_process = Vec::new();
    let mut command = Vec::new();
    let mut releases = Vec::new();
    for input in &inputs {
        eprintln!("generation: {}", input.name);
        let generated = generate_with_command(setup, input)?;
        let median = criterion_median(&setup.target, "generate", &input.name);
        in_process.push((input.name.clone(), median));
        command.push((input.name.clone(), generated.wall, generated.peak_kib));
        let compile = if setup.quick && input.name == "synthetic-10000" {
            None
        } else {
            Some(compile_ours(setup, input)?)
        };
        releases.push((input.name.clone(), compile.map(|(_, release)| release)));
        let types = generated.types.max(1);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} MiB | {} | {} | {:.0} | {} | {} | {} |",
            input.name,
            generated.types,
            seconds(median),
            seconds(Some(generated.wall)),
            generated.peak_kib as f64 / 1024.0,
            generated.lines,
            generated.bytes,
            generated.lines as f64 / types as f64,
            seconds(compile.map(|(debug, _)| debug)),
            seconds(compile.map(|(_, release)| release)),
            compile.map_or("–".to_owned(), |(debug, _)| format!(
                "{:.2}",
                debug * 100.0 / types as f64
            )),
        );
    }
    let find = |name: &str| {
        in_process
            .iter()
            .find(|(input, _)| input == name)
            .and_then(|(_, median)| *median)
    };
    let ssrs = find("ssrs-reportservice2010");
    let release = |name: &str| {
        releases
            .iter()
            .find(|(input, _)| input == name)
            .and_then(|(_, release)| *release)
    };
    let run = |name: &str| {
        command
            .iter()
            .find(|(input, _, _)| input == name)
            .map(|(_, wall, peak)| (*wall, *peak as f64 / 1024.0))
    };
    let (thousand, ten_thousand) = (run("synthetic-1000"), run("synthetic-10000"));
    let growth = thousand.zip(ten_thousand).map(|((a, _), (b, _))| b / a);
    let mib = |value: Option<f64>| value.map_or("–".to_owned(), |mib| format!("{mib:.0} MiB"));
    let _ = write!(
        out,
        "\nTargets: SSRS under 100 ms in process: {}; 10,000 synthetic types as the command \
         under 0.5 s: {}, with peak memory under 120 MiB: {}; growth from 1,000 to 10,000 \
         types (command) at most 10.5×: {}.\n",
        verdict(ssrs, |s| s < 0.1, seconds),
        verdict(ten_thousand.map(|(wall, _)| wall), |s| s < 0.5, seconds),
        verdict(ten_thousand.map(|(_, peak)| peak), |m| m < 120.0, mib),
        verdict(
            growth,
            |g| g <= 10.5,
            |g| g.map_or("–".to_owned(), |g| format!("{g:.1}×"))
        ),
    );
    let _ = write!(
        out,
        "\nTargets for the generated code (issue 19): SSRS rebuilds in release in under 2.0 s: \
         {}; the 1,000-type synthetic crate in under 15 s: {}.\n",
        verdict(release("ssrs-reportservice2010"), |s| s < 2.0, seconds),
        verdict(release("synthetic-1000"), |s| s < 15.0, seconds),
    );
    Ok(out)
}

fn verdict(
    value: Option<f64>,
    met: impl Fn(f64) -> bool,
    show: impl Fn(Option<f64>) -> String,
) -> String {
    match value {
        Some(value) if met(value) => format!("{} (met)", show(Some(value))),
        Some(value) => format!("{} (**missed**)", show(Some(value))),
        None => "not measured".to_owned(),
    }
}

fn seconds(value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(s) if s < 0.001 => format!("{:.0} µs", s * 1e6),
        Some(s) if s < 1.0 => format!("{:.1} ms", s * 1e3),
        Some(s) => format!("{s:.2} s"),
    }
}

/// xsd-parser's output for the same schema: lines, command wall time, compile times.
fn peer(setup: &Setup, driver: &Path, input: &Input) -> Result<(usize, f64, (f64, f64))> {
    let dir = setup.work.path().join("peer-crates").join(&input.name);
    std::fs::create_dir_all(dir.join("src")).map_err(|error| error.to_string())?;
    let output = dir.join("src/generated.rs");
    let file = input.files.first().ok_or("no input file")?;
    let args = [path_arg(file), path_arg(&output)];
    let (wall, _) = measure::process(driver, &args, setup.command_runs)?;
    let text = std::fs::read_to_string(&output).map_err(|error| error.to_string())?;
    let manifest = format!(
        "[package]\nname = \"peer-{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n\
         xsd-parser-types = {{ version = \"=0.2.1\", features = [\"quick-xml\"] }}\n\
         regex = \"1\"\n",
        input.name.replace(['_', '.'], "-")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    // Its output has unused helpers; silencing the warnings keeps the comparison on code.
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![allow(dead_code, unused_imports, unused_variables, unused_mut)]\npub mod generated;\n",
    )
    .map_err(|error| error.to_string())?;
    let compile = measure::compile_times(
        &dir,
        &setup.target.join("bench-peer-crates"),
        &setup.wrapper,
        setup.runs,
    )?;
    Ok((lines(&text), wall, compile))
}

fn peer_comparison(setup: &Setup) -> Result<String> {
    let inputs = inputs::xsd_comparison();
    if inputs.is_empty() {
        return Ok("\n## Generated code beside xsd-parser\n\nNot measured: `../shared/fixtures` is missing.\n".to_owned());
    }
    eprintln!("building the xsd-parser driver");
    let manifest = setup.root.join("bench/peers/xsd-parser/Cargo.toml");
    let peer_target = setup.target.join("bench-peers");
    run(cargo()
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &peer_target))?;
    let driver = peer_target.join("release/xsd-parser-driver");
    let mut out = String::from(
        "\n## Generated code beside xsd-parser 1.5.2\n\n\
         Both generate types with XML reading and writing (xsd-parser: its quick-xml \
         serializers and deserializers, the flag set its own real-schema tests use). \
         Ratios are svcgen / xsd-parser.\n\n\
         | schema | svcgen lines | xsd-parser lines | lines ratio | svcgen command | xsd-parser command | svcgen debug build | xsd-parser debug build | debug ratio | svcgen release | xsd-parser release | release ratio |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut totals = [0.0f64; 6];
    for input in &inputs {
        eprintln!("comparison: {}", input.name);
        let ours = generate_with_command(setup, input);
        let theirs = peer(setup, &driver, input);
        let (ours, theirs) = match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (Err(error), _) | (_, Err(error)) => {
                let first = error.lines().next().unwrap_or_default().to_owned();
                let _ = writeln!(out, "| {} | failed: {first} |", input.name);
                continue;
            }
        };
        let (their_lines, their_wall, (their_debug, their_release)) = theirs;
        let (debug, release) = compile_ours(setup, input)?;
        for (total, value) in totals.iter_mut().zip([
            ours.lines as f64,
            their_lines as f64,
            debug,
            their_debug,
            release,
            their_release,
        ]) {
            *total += value;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {} | {} | {} | {} | {:.2} | {} | {} | {:.2} |",
            input.name,
            ours.lines,
            their_lines,
            ours.lines as f64 / their_lines.max(1) as f64,
            seconds(Some(ours.wall)),
            seconds(Some(their_wall)),
            seconds(Some(debug)),
            seconds(Some(their_debug)),
            debug / their_debug,
            seconds(Some(release)),
            seconds(Some(their_release)),
            release / their_release,
        );
    }
    let [
        lines_ours,
        lines_theirs,
        debug_ours,
        debug_theirs,
        release_ours,
        release_theirs,
    ] = totals;
    let _ = write!(
        out,
        "| **all** | {lines_ours} | {lines_theirs} | {:.2} | | | {} | {} | {:.2} | {} | {} | {:.2} |\n\n\
         Targets: at most 0.3× the lines: {}; at most 0.5× the compile time: debug {}, \
         release {}.\n",
        lines_ours / lines_theirs,
        seconds(Some(debug_ours)),
        seconds(Some(debug_theirs)),
        debug_ours / debug_theirs,
        seconds(Some(release_ours)),
        seconds(Some(release_theirs)),
        release_ours / release_theirs,
        verdict(Some(lines_ours / lines_theirs), |r| r <= 0.3, ratio),
        verdict(Some(debug_ours / debug_theirs), |r| r <= 0.5, ratio),
        verdict(Some(release_ours / release_theirs), |r| r <= 0.5, ratio),
    );
    Ok(out)
}

fn ratio(value: Option<f64>) -> String {
    value.map_or("–".to_owned(), |value| format!("{value:.2}×"))
}

fn throughput(bytes: usize, seconds: Option<f64>) -> String {
    seconds.map_or("–".to_owned(), |s| {
        format!("{:.0} MB/s", bytes as f64 / s / 1e6)
    })
}

fn codecs(setup: &Setup) -> String {
    let mut out = String::from(
        "\n## Decoding and encoding\n\n\
         | payload | operation | svcgen | baseline | svcgen / baseline (throughput) | target |\n\
         |---|---|---:|---:|---:|---|\n",
    );
    let finder_bytes = shared_fixtures()
        .and_then(|shared| {
            std::fs::read_to_string(
                shared.join("wsdl/real/twinfield/messages/finder-SearchResponse-ivt.xml"),
            )
            .ok()
        })
        .and_then(|envelope| payloads::finder_search_response(&envelope, 10_000))
        .map_or(0, |text| text.len());
    let json_bytes = payloads::query_tracks(10_000).len();
    let median = |group: &str, id: &str| criterion_median(&setup.target, group, id);
    let rows = [
        (
            "Twinfield finder `SearchResponse`, 10,000 rows (XML)",
            "decode",
            finder_bytes,
            median("xml-finder-10000-rows", "decode-svcgen"),
            median("xml-finder-10000-rows", "decode-baseline-event-loop"),
            "at least 0.8× the bare quick-xml event loop (instructions: bench/NOTES.md)",
            0.8,
        ),
        (
            "",
            "encode",
            finder_bytes,
            median("xml-finder-10000-rows", "encode-svcgen"),
            None,
            "",
            0.0,
        ),
        (
            "ServiceStack `QueryResponse<Tracks>`, 10,000 results (JSON)",
            "decode",
            json_bytes,
            median("json-query-tracks-10000", "decode-svcgen"),
            median("json-query-tracks-10000", "decode-baseline-serde"),
            "at least 0.8× plain serde derive",
            0.8,
        ),
        (
            "",
            "encode",
            json_bytes,
            median("json-query-tracks-10000", "encode-svcgen"),
            median("json-query-tracks-10000", "encode-baseline-serde"),
            "",
            0.0,
        ),
    ];
    for (payload, operation, bytes, ours, baseline, target, needed) in rows {
        let relative = ours.zip(baseline).map(|(ours, baseline)| baseline / ours);
        let verdict_text = if target.is_empty() {
            String::new()
        } else {
            verdict(relative, |r| r >= needed, ratio)
        };
        let _ = writeln!(
            out,
            "| {payload} | {operation} | {} | {} | {} | {target} {verdict_text} |",
            throughput(bytes, ours),
            throughput(bytes, baseline),
            ratio(relative),
        );
    }
    out
}

fn client(setup: &Setup) -> String {
    let median = |id| criterion_median(&setup.target, "client-call", id);
    let ours = median("svcgen-query-tracks");
    let raw = median("raw-reqwest-get");
    let raw_decoded = median("raw-reqwest-get-decode");
    let overhead = |base: Option<f64>| ours.zip(base).map(|(ours, base)| ours / base - 1.0);
    let percent = |o: Option<f64>| o.map_or("–".to_owned(), |o| format!("{:.0}%", o * 100.0));
    format!(
        "\n## Client overhead per call\n\n\
         Against a local keep-alive HTTP server answering a one-result `QueryResponse<Tracks>`.\n\n\
         | call | median |\n|---|---:|\n\
         | generated `query_tracks` (route, query string, send, status, decode) | {} |\n\
         | raw reqwest GET of the same URL, body read as bytes | {} |\n\
         | raw reqwest GET, body decoded by serde_json into plain structs | {} |\n\n\
         Overhead over the raw GET: {} (target: under 10%); over the raw GET that decodes the \
         same answer: {} (target: under 5%).\n",
        seconds(ours),
        seconds(raw),
        seconds(raw_decoded),
        verdict(overhead(raw), |o| o < 0.1, percent),
        verdict(overhead(raw_decoded), |o| o < 0.05, percent),
    )
}
