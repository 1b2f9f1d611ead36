//! `svcgen update` against a server this test runs on 127.0.0.1: contracts are downloaded
//! into `schemas/` (a WSDL with the schemas it imports, through a catalog the command
//! writes), the crate is regenerated, and the API changes are listed. Every failure leaves
//! `schemas/` and `generated/` exactly as they were.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use support::{project_copy, read_tree, svcgen, text, workspace_root};

type Routes = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

/// An HTTP server answering GETs from a table of path-and-query → body (404 otherwise),
/// one connection at a time. It lives until the test process ends.
struct Server {
    base: String,
    routes: Routes,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Routes = Arc::default();
        let table = Arc::clone(&routes);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                // The rest of the head; GETs have no body.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let target = request_line.split(' ').nth(1).unwrap_or_default();
                let body = table.lock().unwrap().get(target).cloned();
                let (status, body) = match body {
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", b"no such document".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Self { base, routes }
    }

    fn serve(&self, target: &str, body: Vec<u8>) {
        self.routes.lock().unwrap().insert(target.to_owned(), body);
    }

    /// The weather service of `version`, with `{base}` replaced by this server's address.
    fn serve_weather(&self, version: &str) {
        let dir = fixtures().join(format!("weather-{version}"));
        for (target, file) in [
            ("/Weather.svc?wsdl", "service.wsdl"),
            ("/Weather.svc?xsd=xsd0", "xsd0.xsd"),
            ("/Weather.svc?xsd=xsd1", "xsd1.xsd"),
            ("/parts/outlook.xsd", "parts/outlook.xsd"),
        ] {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            self.serve(target, text.replace("{base}", &self.base).into_bytes());
        }
    }
}

fn fixtures() -> PathBuf {
    workspace_root().join("generator/tests/fixtures/update")
}

/// Changes the project's configuration.
fn edit_config(project: &Path, edit: impl FnOnce(String) -> String) {
    let path = project.join("schemas/svcgen.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, edit(config)).unwrap();
}

/// Appends `text` to the project's configuration.
fn configure(project: &Path, text: &str) {
    edit_config(project, |config| config + text);
}

/// The project's configuration with its services' sources on `server`: the real hosts
/// are never contacted.
fn project_on(server: &Server) -> tempfile::TempDir {
    let project = project_copy();
    edit_config(project.path(), |config| {
        let lines: Vec<String> = config
            .lines()
            .map(|line| {
                if !line.starts_with('"') {
                    return line.to_owned();
                }
                line.replace("https://doapigw.baasbv.nl", &server.base)
                    .replace("https://login.twinfield.com/webservices", &server.base)
            })
            .collect();
        let config = lines.join("\n") + "\n";
        assert!(config.contains(&server.base), "{config}");
        let remote = |line: &&str| line.starts_with('"') && line.contains("https://");
        assert!(!config.lines().any(|line| remote(&line)), "{config}");
        config
    });
    project
}

/// The project's configuration without any `sources`.
fn without_sources(project: &Path) {
    edit_config(project, |config| {
        let mut kept = Vec::new();
        let mut in_sources = false;
        for line in config.lines() {
            if line.starts_with('[') {
                in_sources = line.ends_with(".sources]");
            }
            if !in_sources {
                kept.push(line);
            }
        }
        kept.join("\n") + "\n"
    });
}

fn weather_service(server: &Server) -> String {
    format!(
        "\n[services.weather]\ninputs = [\"weather/service.wsdl\"]\ncatalog = \"weather/catalog.toml\"\n\
         [services.weather.sources]\n\"weather/service.wsdl\" = \"{}/Weather.svc?wsdl\"\n",
        server.base
    )
}

/// The checked-in Twinfield WSDL, and DigiOffice with `metadata`.
fn serve_checked_in(server: &Server, metadata: &Path) {
    let wsdl = workspace_root().join("schemas/twinfield/session.wsdl");
    server.serve("/session.asmx?wsdl", std::fs::read(wsdl).unwrap());
    serve_digioffice(server, metadata);
}

fn serve_digioffice(server: &Server, metadata: &Path) {
    server.serve("/api/types/metadata", std::fs::read(metadata).unwrap());
    let page = workspace_root().join("schemas/digioffice/ConvertSessionToToken.metadata-page.txt");
    server.serve(
        "/api/json/metadata?op=ConvertSessionToToken",
        std::fs::read(page).unwrap(),
    );
}

/// `svcgen update ARGS` in the project: success, and its standard output.
fn update(project: &Path, args: &[&str]) -> String {
    let mut all = vec!["update"];
    all.extend_from_slice(args);
    let output = svcgen(&all, project);
    assert!(
        output.status.success(),
        "{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// `svcgen update ARGS` fails with a message containing `expected`, changing no file.
fn update_fails(project: &Path, args: &[&str], expected: &str) {
    let before = read_tree(project);
    let mut all = vec!["update"];
    all.extend_from_slice(args);
    let output = svcgen(&all, project);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{}", text(&output.stdout));
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "one message: {stderr}");
    assert!(read_tree(project) == before, "files changed: {stderr}");
}

fn check_passes(project: &Path) {
    let output = svcgen(&["check"], project);
    assert!(output.status.success(), "{}", text(&output.stdout));
}

#[test]
fn a_wsdl_and_its_imports_are_downloaded_with_a_catalog_then_changes_are_listed() {
    let server = Server::start();
    server.serve_weather("v1");
    let project = project_on(&server);
    let root = project.path();
    configure(root, &weather_service(&server));

    let stdout = update(root, &["weather"]);
    assert!(
        stdout.contains("weather: new (no earlier version to compare)"),
        "{stdout}"
    );
    let schemas = root.join("schemas/weather");
    for file in [
        "service.wsdl",
        "Weather.svc-xsd-xsd0.xsd",
        "Weather.svc-xsd-xsd1.xsd",
        "parts/outlook.xsd",
        "catalog.toml",
    ] {
        assert!(
            stdout.contains(&format!("downloaded schemas/weather/{file}")),
            "{stdout}"
        );
    }
    let xsd0 = std::fs::read_to_string(schemas.join("Weather.svc-xsd-xsd0.xsd")).unwrap();
    assert!(xsd0.contains(&format!("{}/Weather.svc?xsd=xsd1", server.base)));
    let catalog = std::fs::read_to_string(schemas.join("catalog.toml")).unwrap();
    assert!(
        catalog.ends_with(&format!(
            "\"{0}/Weather.svc?xsd=xsd0\" = \"Weather.svc-xsd-xsd0.xsd\"\n\
             \"{0}/Weather.svc?xsd=xsd1\" = \"Weather.svc-xsd-xsd1.xsd\"\n",
            server.base
        )),
        "{catalog}"
    );
    let module = std::fs::read_to_string(root.join("generated/src/weather.rs")).unwrap();
    assert!(module.contains("pub async fn get_forecast("), "{module}");
    check_passes(root);

    server.serve_weather("v2");
    let stdout = update(root, &["weather"]);
    let expected = "downloaded schemas/weather/Weather.svc-xsd-xsd0.xsd\n\
         downloaded schemas/weather/parts/outlook.xsd\n\
         downloaded schemas/weather/service.wsdl\n\
         weather: 5 API change(s)\n\
         \x20 + operation GetAlerts (SOAP 1.1 `http://example.com/weather/IWeather/GetAlerts`)\n\
         \x20 + type {http://example.com/weather}GetAlerts (struct, 0 fields)\n\
         \x20 + type {http://example.com/weather}GetAlertsResponse (struct, 1 field)\n\
         \x20 + field {http://example.com/weather}Forecast.Humidity (i32, optional)\n\
         \x20 + member {http://example.com/weather}Outlook.Snowy\n\
         wrote generated/src/weather.rs\n";
    assert_eq!(stdout, expected);
    check_passes(root);

    // Every service with sources.
    let original = workspace_root().join("schemas/digioffice/digioffice.types-metadata.json");
    serve_checked_in(&server, &original);
    let stdout = update(root, &[]);
    assert_eq!(
        stdout,
        "the downloaded contracts are the ones in the schemas directory\n\
         digioffice: no API changes\n\
         twinfield: no API changes\n\
         weather: no API changes\n\
         generated is up to date\n"
    );
}

#[test]
fn servicestack_metadata_and_pages_are_downloaded_and_a_new_field_is_listed() {
    let server = Server::start();
    serve_checked_in(
        &server,
        &fixtures().join("digioffice-v2.types-metadata.json"),
    );
    let project = project_on(&server);
    let root = project.path();

    let stdout = update(root, &[]);
    assert!(
        stdout.contains(
            "digioffice: 1 API change(s)\n  + field ServiceStack.ConvertSessionToTokenResponse.ExpiresAt (date-time, default if missing)\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("downloaded schemas/digioffice/digioffice.types-metadata.json"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("downloaded schemas/digioffice/ConvertSessionToToken"),
        "an unchanged download is not rewritten: {stdout}"
    );
    assert!(
        stdout.contains("wrote generated/src/digioffice.rs"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("wrote generated/src/twinfield.rs"),
        "other services' files stay as they are: {stdout}"
    );
    let module = std::fs::read_to_string(root.join("generated/src/digioffice.rs")).unwrap();
    assert!(module.contains("pub expires_at:"), "{module}");
    check_passes(root);

    // The server goes back to the checked-in version.
    let original = workspace_root().join("schemas/digioffice/digioffice.types-metadata.json");
    serve_digioffice(&server, &original);
    let stdout = update(root, &["digioffice"]);
    assert!(
        stdout.contains(
            "digioffice: 1 API change(s)\n  - field ServiceStack.ConvertSessionToTokenResponse.ExpiresAt\n"
        ),
        "{stdout}"
    );
    let generated = |path: &str| std::fs::read(root.join(path)).unwrap();
    assert_eq!(
        generated("generated/src/digioffice.rs"),
        std::fs::read(workspace_root().join("generated/src/digioffice.rs")).unwrap()
    );
}

#[test]
fn failed_downloads_and_contracts_that_do_not_generate_change_nothing() {
    let server = Server::start();
    let project = project_on(&server);
    let root = project.path();
    configure(root, &weather_service(&server));

    // The WSDL is there, one schema it imports is not.
    server.serve_weather("v1");
    server
        .routes
        .lock()
        .unwrap()
        .remove("/Weather.svc?xsd=xsd1");
    update_fails(
        root,
        &["weather"],
        &format!(
            "error: GET {}/Weather.svc?xsd=xsd1: the server answered HTTP 404 Not Found",
            server.base
        ),
    );

    // Everything downloads, but the WSDL is cut off.
    server.serve_weather("v1");
    let wsdl = std::fs::read_to_string(fixtures().join("weather-v1/service.wsdl")).unwrap();
    let cut = wsdl.replace("{base}", &server.base);
    let cut = cut[..cut.find("<wsdl:service").unwrap()].to_owned();
    server.serve("/Weather.svc?wsdl", cut.into_bytes());
    update_fails(
        root,
        &["weather"],
        "the downloaded contract does not generate, so nothing was changed",
    );
}

#[test]
fn configuration_mistakes_are_named() {
    let server = Server::start();
    server.serve_weather("v1");
    let project = project_on(&server);
    let root = project.path();
    update_fails(
        root,
        &["twinfeld"],
        "no service `twinfeld` (services: digioffice, twinfield)",
    );
    without_sources(root);
    update_fails(root, &[], "no service has `sources`");
    update_fails(root, &["twinfield"], "service `twinfield` has no `sources`");

    // Remote imports need a catalog to record where their copies are.
    configure(
        root,
        &weather_service(&server).replace("catalog = \"weather/catalog.toml\"\n", ""),
    );
    update_fails(
        root,
        &["weather"],
        "add `catalog = \"weather/catalog.toml\"` to [services.weather]",
    );
}
