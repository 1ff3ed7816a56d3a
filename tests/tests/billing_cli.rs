//! `altloom billing upgrade` and `altloom billing portal` end to end: the real `altloom` binary
//! against the real `altloom-server`, whose Stripe calls go to a stand-in that answers every
//! request with one Stripe-shaped object (an `id` and a `url` serve for the customer, the Checkout
//! Session and the Portal session alike). The server's own Stripe behaviour is tested in
//! `server/tests/stripe_*.rs`; here it is the command: the link alone on stdout, no browser in CI,
//! and the server's refusals as messages.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{free_port, server_binary, CannedServer, Machine};

const CHECKOUT_URL: &str = "https://checkout.stripe.test/c/pay/cs_test_Canned1#fidkdWxOYHwnPyd1";

/// One answer for every Stripe call.
const STRIPE_ANSWER: &str = concat!(
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n",
    "content-length: 116\r\n\r\n",
    r#"{"id":"cus_Canned1","object":"customer","url":"https://checkout.stripe.test/c/pay/cs_test_Canned1#fidkdWxOYHwnPyd1"}"#
);

/// `altloom-server` with the given Stripe settings; killed when dropped.
struct BillingServer {
    child: Child,
    url: String,
    _data: tempfile::TempDir,
}

impl BillingServer {
    fn start(stripe: &[(&str, &str)]) -> BillingServer {
        let data = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut command = Command::new(server_binary());
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("ALTLOOM_DATA_DIR", data.path())
            .env("ALTLOOM_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in stripe {
            command.env(name, value);
        }
        let child = command.spawn().expect("altloom-server starts");
        let server = BillingServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _data: data,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !ready(port) {
            assert!(
                Instant::now() < deadline,
                "altloom-server was not ready within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }
}

impl Drop for BillingServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `GET /readyz` answers 200.
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(
        stream,
        "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = std::io::Read::read_to_string(&mut stream, &mut answer);
    answer.starts_with("HTTP/1.1 200")
}

fn sign_up(machine: &Machine) {
    machine
        .run_with_input(
            &[
                "signup",
                "--name",
                "Ana Lima",
                "--email",
                "ana@example.test",
                "--workspace-name",
                "Studio",
                "--password-stdin",
            ],
            "correct horse battery staple\n",
        )
        .expect_code(0);
}

#[test]
fn upgrade_and_portal_print_the_stripe_link_alone_on_stdout() {
    let stripe = CannedServer::start(STRIPE_ANSWER);
    let server = BillingServer::start(&[
        ("ALTLOOM_STRIPE_SECRET_KEY", "sk_test_cli_e2e_0123456789"),
        ("ALTLOOM_STRIPE_API_BASE", &stripe.url),
        ("ALTLOOM_STRIPE_PRICE_PRO", "price_1ProMonthly"),
    ]);
    let laptop = Machine::new(&server.url);
    sign_up(&laptop);

    let run = laptop.run(&["billing", "upgrade", "pro"]);
    run.expect_code(0);
    assert_eq!(run.stdout, format!("{CHECKOUT_URL}\n"), "{}", run.stderr);
    assert!(run.stderr.contains("Studio"), "{}", run.stderr);
    assert!(run.stderr.contains("free and unlimited"), "{}", run.stderr);
    // CI is set on this machine: no browser.
    assert!(!run.stderr.contains("Opened it"), "{}", run.stderr);

    // Quiet still prints the link: it is what the command is for.
    let run = laptop.run(&["billing", "portal", "--quiet"]);
    run.expect_code(0);
    assert_eq!(run.stdout, format!("{CHECKOUT_URL}\n"));
    assert_eq!(run.stderr, "");

    // The server's refusals reach the user as sentences.
    let run = laptop.run(&["billing", "upgrade", "platinum"]);
    assert_ne!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no plan `platinum`"), "{}", run.stderr);
    let run = laptop.run(&["billing", "upgrade", "agency"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("no Stripe price"), "{}", run.stderr);
}

#[test]
fn without_stripe_the_command_says_billing_is_off() {
    let server = BillingServer::start(&[]);
    let laptop = Machine::new(&server.url);
    sign_up(&laptop);
    for arguments in [
        &["billing", "upgrade", "pro"][..],
        &["billing", "portal"][..],
    ] {
        let run = laptop.run(arguments);
        assert_ne!(run.code, 0, "{arguments:?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains("billing is not enabled"),
            "{}",
            run.stderr
        );
    }
}
