//! The server's HTML pages in a real browser: headless Chromium over WebDriver (see
//! `common/browser.rs`; `scripts/browser.sh` installs both programs).

mod common;

use common::browser::{artifacts_folder, Browser, StripeStandIn, PHONE};

/// The harness alone, against the Stripe stand-in's page: a failure here is the browser's, not
/// a page's.
#[test]
fn the_harness_drives_headless_chromium() {
    let stripe = StripeStandIn::start();
    let browser = Browser::start();
    browser.goto(&stripe.checkout_url());
    assert_eq!(browser.path(), StripeStandIn::CHECKOUT_PATH);
    assert_eq!(browser.heading(), "Stripe stand-in");
    assert_eq!(browser.attribute("html", "lang").as_deref(), Some("en"));
    assert_eq!(browser.viewport_width(), 1280);
    let shot = browser.screenshot("harness-desktop");
    assert!(shot.starts_with(artifacts_folder()));
    assert!(std::fs::metadata(&shot).unwrap().len() > 100);
    browser.set_window(PHONE);
    assert_eq!(browser.viewport_width(), u64::from(PHONE.0));
    browser.screenshot("harness-phone");
    // The page itself (Chromium may also ask for /favicon.ico).
    assert_eq!(
        stripe.requests()[0],
        format!("GET {} HTTP/1.1", StripeStandIn::CHECKOUT_PATH)
    );
}
