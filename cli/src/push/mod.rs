//! Putting images and their text into a WordPress media library, without printing: which sites
//! (`site`), what each image sends (`items`), the per-site ledger on this machine (`ledger`),
//! and the push itself (`run`), which reports each image through [`run::PushProgress`].

pub mod items;
pub mod ledger;
pub mod retry;
pub mod run;
pub mod site;
