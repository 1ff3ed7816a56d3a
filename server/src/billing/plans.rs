//! The plans a workspace can be on and what each allows, from server configuration.
//!
//! Built-in defaults (free, pro, agency) can be replaced by a TOML file named by
//! `ALTLOOM_PLANS_FILE`:
//!
//! ```toml
//! [plans.free]
//! ai_credits = 50
//! sites = 1
//! members = 3
//!
//! [plans.pro]
//! ai_credits = 2000
//! sites = 10
//! members = 10
//! stripe_price = "price_1Pro..."
//! ```
//!
//! A plan named `free` must exist: it is what a workspace without a paid subscription gets.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The plan every workspace without a subscription is on.
pub const FREE_PLAN: &str = "free";

/// What one plan allows.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// AI credits per billing period: one per source image sent for AI metadata.
    pub ai_credits: u64,
    /// Connected WordPress sites.
    pub sites: u64,
    /// Workspace members.
    pub members: u64,
    /// The Stripe Price (or legacy Plan) id that sells this plan; none for the free plan.
    #[serde(default)]
    pub stripe_price: Option<String>,
}

/// Every configured plan, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plans {
    plans: BTreeMap<String, Plan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlansFile {
    plans: BTreeMap<String, Plan>,
}

impl Plans {
    /// The built-in plans; paid ones take their Stripe price ids from `pro_price` and
    /// `agency_price` (`ALTLOOM_STRIPE_PRICE_PRO`, `ALTLOOM_STRIPE_PRICE_AGENCY`).
    pub fn defaults(pro_price: Option<String>, agency_price: Option<String>) -> Plans {
        let mut plans = BTreeMap::new();
        plans.insert(
            FREE_PLAN.to_string(),
            Plan {
                ai_credits: 50,
                sites: 1,
                members: 3,
                stripe_price: None,
            },
        );
        plans.insert(
            "pro".to_string(),
            Plan {
                ai_credits: 2_000,
                sites: 10,
                members: 10,
                stripe_price: pro_price,
            },
        );
        plans.insert(
            "agency".to_string(),
            Plan {
                ai_credits: 20_000,
                sites: 100,
                members: 50,
                stripe_price: agency_price,
            },
        );
        Plans { plans }
    }

    /// Parses a plans file; errors name the problem.
    pub fn from_toml(text: &str) -> Result<Plans, String> {
        let file: PlansFile =
            toml::from_str(text).map_err(|error| format!("plans file: {error}"))?;
        if !file.plans.contains_key(FREE_PLAN) {
            return Err("plans file: a plan named `free` is required".to_string());
        }
        let mut prices = std::collections::BTreeSet::new();
        for (name, plan) in &file.plans {
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte == b'-')
            {
                return Err(format!(
                    "plans file: `{name}` is not a plan name (a-z and -)"
                ));
            }
            if let Some(price) = &plan.stripe_price {
                if !prices.insert(price.clone()) {
                    return Err(format!("plans file: price `{price}` is used by two plans"));
                }
            }
        }
        Ok(Plans { plans: file.plans })
    }

    /// The plan with this name.
    pub fn get(&self, name: &str) -> Option<&Plan> {
        self.plans.get(name)
    }

    /// The free plan.
    pub fn free(&self) -> &Plan {
        self.plans
            .get(FREE_PLAN)
            .expect("plans always contain the free plan")
    }

    /// The plan a Stripe price (or legacy plan) id sells.
    pub fn by_price(&self, price: &str) -> Option<&str> {
        self.plans
            .iter()
            .find(|(_, plan)| plan.stripe_price.as_deref() == Some(price))
            .map(|(name, _)| name.as_str())
    }

    /// The plans that can be bought (those with a Stripe price), by name.
    pub fn purchasable(&self) -> Vec<(&str, &Plan)> {
        self.plans
            .iter()
            .filter(|(_, plan)| plan.stripe_price.is_some())
            .map(|(name, plan)| (name.as_str(), plan))
            .collect()
    }

    /// Plan names, for error messages.
    pub fn names(&self) -> Vec<&str> {
        self.plans.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_free_and_map_prices_to_plans() {
        let plans = Plans::defaults(Some("price_pro".into()), None);
        assert_eq!(plans.free().ai_credits, 50);
        assert_eq!(plans.by_price("price_pro"), Some("pro"));
        assert_eq!(plans.by_price("price_other"), None);
        assert_eq!(plans.names(), vec!["agency", "free", "pro"]);
    }

    #[test]
    fn files_are_validated() {
        let plans = Plans::from_toml(
            "[plans.free]\nai_credits = 5\nsites = 1\nmembers = 1\n\
             [plans.team]\nai_credits = 500\nsites = 3\nmembers = 9\nstripe_price = \"price_team\"\n",
        )
        .unwrap();
        assert_eq!(plans.get("team").unwrap().members, 9);
        assert_eq!(plans.by_price("price_team"), Some("team"));
        assert!(
            Plans::from_toml("[plans.pro]\nai_credits = 5\nsites = 1\nmembers = 1\n")
                .unwrap_err()
                .contains("free")
        );
        assert!(Plans::from_toml(
            "[plans.free]\nai_credits = 5\nsites = 1\nmembers = 1\ncolour = 2\n"
        )
        .unwrap_err()
        .contains("colour"));
    }
}
