//! The route handlers, one module per part of the API. Each handler is a plain function
//! of the request context ([`crate::http::Ctx`]) returning a response or a problem.

pub mod bargain;
pub mod ledger;
pub mod leverage;
pub mod model;
pub mod pages;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod search;
pub mod sources;
