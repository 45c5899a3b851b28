//! The one table of routes: method, path, handler and documentation.
//!
//! The router ([`build`]) and the OpenAPI document ([`crate::openapi::document`]) are
//! both generated from [`ROUTES`], so a route cannot be served without being documented
//! or documented without being served. The documented query parameters are also the
//! only ones a route accepts: an unknown parameter is a 400 naming it.

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

use crate::handlers::{
    bargain, ledger, leverage, model, pages, report, rules, scenario, search, sources,
};
use crate::http::{self, Ctx};
use crate::problem::Problem;
use crate::state::AppState;

/// A handler: a pure function of the request context. Routes that compute are run on
/// the blocking pool (see [`Route::blocking`]).
pub type Handler = fn(&Ctx) -> Result<axum::response::Response, Problem>;

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Query,
    Path,
}

/// The type of a parameter, for the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Date,
    Integer,
    /// One of a fixed list of values.
    OneOf(&'static [&'static str]),
}

/// A documented parameter.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub location: In,
    pub required: bool,
    pub kind: Kind,
    pub description: &'static str,
}

/// What a route returns or takes: a component schema, a list of one, or a document type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// `#/components/schemas/<name>`, as `application/json`.
    Schema(&'static str),
    /// An array of a component.
    ArrayOf(&'static str),
    /// The page.
    Html,
    /// An embedded asset (script, style, image).
    Asset,
    /// The OpenAPI document itself.
    OpenApi,
}

/// The documentation of a route.
#[derive(Debug)]
pub struct Doc {
    pub tag: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub params: &'static [Param],
    pub request: Option<Body>,
    pub response: Body,
    /// The error statuses the route can answer (each a problem+json).
    pub errors: &'static [u16],
    /// Needs the bearer token.
    pub auth: bool,
}

/// A route.
#[derive(Debug)]
pub struct Route {
    pub method: Method,
    /// The path in axum's syntax (`{id}`, `{*file}`).
    pub path: &'static str,
    pub handler: Handler,
    /// Run on the blocking pool (the route computes rather than looks up).
    pub blocking: bool,
    pub doc: Doc,
}

impl Route {
    /// The path in OpenAPI's syntax (`{*file}` becomes `{file}`).
    pub fn openapi_path(&self) -> String {
        self.path.replace("{*", "{")
    }

    /// The operation id: method and path words.
    pub fn operation_id(&self) -> String {
        let words: Vec<String> = self
            .path
            .split('/')
            .filter(|s| !s.is_empty() && *s != "api")
            .map(|s| {
                s.trim_start_matches('{')
                    .trim_start_matches('*')
                    .trim_end_matches('}')
                    .replace(['.', '-'], "_")
            })
            .collect();
        let method = self.method.as_str().to_ascii_lowercase();
        if words.is_empty() {
            format!("{method}_index")
        } else {
            format!("{method}_{}", words.join("_"))
        }
    }
}

const AS_OF: Param = Param {
    name: "as_of",
    location: In::Query,
    required: false,
    kind: Kind::Date,
    description: "View the model as of this date (YYYY, YYYY-MM, YYYY-MM-DD, a decade such as 1990s, or an interval A/B): only what was true then and published by then.",
};

const SOURCE_ID: Param = Param {
    name: "id",
    location: In::Path,
    required: true,
    kind: Kind::String,
    description: "A source id, e.g. `lukin-38north-2019`.",
};

/// Statuses every API route can answer besides its own.
const READ_ERRORS: &[u16] = &[400, 403, 413, 503];

/// Every route of the server.
pub static ROUTES: &[Route] = &[
    Route {
        method: Method::GET,
        path: "/",
        handler: pages::index,
        blocking: false,
        doc: Doc {
            tag: "page",
            summary: "The web page",
            description: "One HTML page with the overview, timeline, channels, scenarios, bargaining, leverage, rules, forecasts and evidence views. Its scripts and styles are the assets below; nothing is loaded from elsewhere.",
            params: &[],
            request: None,
            response: Body::Html,
            errors: &[],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/static/{*file}",
        handler: pages::asset,
        blocking: false,
        doc: Doc {
            tag: "page",
            summary: "An asset of the page",
            description: "A script, style sheet or image compiled into the binary, looked up by exact name in a fixed map: no path is ever resolved against a directory.",
            params: &[Param {
                name: "file",
                location: In::Path,
                required: true,
                kind: Kind::String,
                description: "The asset's name, e.g. `app.js`.",
            }],
            request: None,
            response: Body::Asset,
            errors: &[404],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/openapi.json",
        handler: pages::openapi,
        blocking: false,
        doc: Doc {
            tag: "meta",
            summary: "This document",
            description: "The OpenAPI 3.1 description of every route, generated from the server's route table.",
            params: &[],
            request: None,
            response: Body::OpenApi,
            errors: &[],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/info",
        handler: model::info,
        blocking: false,
        doc: Doc {
            tag: "meta",
            summary: "What this server serves",
            description: "The model's name, record counts, the span of its dates (for a date slider), the publication dates of its sources, whether source texts and a ledger are configured, and the limits.",
            params: &[],
            request: None,
            response: Body::Schema("Info"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/model",
        handler: model::whole,
        // A kept body after the first request: a look-up, not a computation.
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The whole model",
            description: "Every record, as `statecraft export --format json` writes it (itself a loadable model).",
            params: &[AS_OF],
            request: None,
            response: Body::Schema("Model"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/actors",
        handler: model::actors,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The actors",
            description: "As `statecraft actors --json`: states, organisations and others, with aliases and the roles they held at the date.",
            params: &[AS_OF],
            request: None,
            response: Body::ArrayOf("Actor"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/channels",
        handler: model::channels,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The channels and their observations",
            description: "As `statecraft channels --json`: the channels between actors and every dated observation of them.",
            params: &[AS_OF],
            request: None,
            response: Body::Schema("ChannelsAndObservations"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/events",
        handler: model::events,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The events in order",
            description: "As `statecraft timeline --json`: the dated events, oldest first, optionally only those of one actor or one PLOVER category.",
            params: &[
                AS_OF,
                Param {
                    name: "actor",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Only events involving this actor (an id, name or alias).",
                },
                Param {
                    name: "category",
                    location: In::Query,
                    required: false,
                    kind: Kind::OneOf(&[
                        "AGREE",
                        "CONSULT",
                        "SUPPORT",
                        "CONCEDE",
                        "COOPERATE",
                        "AID",
                        "RETREAT",
                        "REQUEST",
                        "ACCUSE",
                        "REJECT",
                        "THREATEN",
                        "PROTEST",
                        "SANCTION",
                        "MOBILIZE",
                        "COERCE",
                        "ASSAULT",
                    ]),
                    description: "Only events of this PLOVER category.",
                },
            ],
            request: None,
            response: Body::ArrayOf("Event"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/measures",
        handler: model::measures,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The sanctions measures",
            description: "As `statecraft measures --json`: with `as_of`, the measures in force at that date; without, all of them.",
            params: &[AS_OF],
            request: None,
            response: Body::ArrayOf("Measure"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/goals",
        handler: model::goals,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The actors' goals",
            description: "The goals valid at the date, with their ranks.",
            params: &[AS_OF],
            request: None,
            response: Body::ArrayOf("Goal"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/issues",
        handler: model::issues,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The issues and the positions on them",
            description: "The bargaining issues (0–100 scales with labelled anchors) and the actors' positions valid at the date.",
            params: &[AS_OF],
            request: None,
            response: Body::Schema("IssuesAndPositions"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/forecasts",
        handler: model::forecasts,
        blocking: false,
        doc: Doc {
            tag: "model",
            summary: "The authors' forecasts",
            description: "The forecasts made by the date, each with its probabilities as written (numbers, intervals or words).",
            params: &[AS_OF],
            request: None,
            response: Body::ArrayOf("Forecast"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/report",
        handler: report::report,
        blocking: true,
        doc: Doc {
            tag: "report",
            summary: "The brief",
            description: "As `statecraft report --json`: the system as of the date in titled sections of lines, each line with the locators it rests on.",
            params: &[AS_OF],
            request: None,
            response: Body::Schema("Report"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/scenario/network",
        handler: scenario::network,
        blocking: true,
        doc: Doc {
            tag: "scenario",
            summary: "The scenario network, for a diagram",
            description: "The variables of the scenario network with their states and parents, and the provenance of every row of their tables.",
            params: &[AS_OF],
            request: None,
            response: Body::Schema("ScenarioNetwork"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::POST,
        path: "/api/scenario",
        handler: scenario::query,
        blocking: true,
        doc: Doc {
            tag: "scenario",
            summary: "Ask a what-if",
            description: "Posteriors of the scenario network given observed states and interventions, optionally with 5–95% intervals from sampling the authors' probability intervals and a ranked sensitivity (a tornado chart). The answer has the shape of `statecraft scenario --json`.",
            params: &[],
            request: Some(Body::Schema("ScenarioQuery")),
            response: Body::Schema("ScenarioAnswer"),
            errors: &[400, 403, 413, 415, 503],
            auth: false,
        },
    },
    Route {
        method: Method::POST,
        path: "/api/bargain",
        handler: bargain::bargain,
        blocking: true,
        doc: Doc {
            tag: "bargain",
            summary: "Forecast how an issue is settled",
            description: "The actors' positions on a model issue valid at the date (capability, position on the issue's 0–100 scale, salience) become a bargaining scenario, run with the compromise (capability × salience weighted mean), expected-utility or KTAB spatial model; the forecast is voted against the status quo under the issue's procedure, naming who would veto. With `samples`, every range is sampled and the answer is the distribution of outcomes (5%, 50%, 95%) and how often each veto player blocks. The answer has the shape of `statecraft bargain --issue ID --json`, with each actor's inputs and their evidence.",
            params: &[],
            request: Some(Body::Schema("BargainQuery")),
            response: Body::Schema("BargainAnswer"),
            errors: &[400, 403, 413, 415, 503],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/leverage",
        handler: leverage::leverage,
        blocking: true,
        doc: Doc {
            tag: "leverage",
            summary: "Who can hurt a target most, through which channels",
            description: "As `statecraft leverage --json` (equal channel weights): per channel kind each partner's share of the target's total, a leverage index per partner with its range, the ranking and whether it is robust inside the ranges, and the inputs that drive it, with their evidence.",
            params: &[
                Param {
                    name: "over",
                    location: In::Query,
                    required: true,
                    kind: Kind::String,
                    description: "The target: an actor id, name or alias.",
                },
                AS_OF,
                Param {
                    name: "channel",
                    location: In::Query,
                    required: false,
                    kind: Kind::OneOf(&[
                        "trade",
                        "labour",
                        "investment",
                        "debt",
                        "finance",
                        "fishing",
                        "aviation",
                        "transport",
                        "education",
                        "energy",
                        "military",
                        "diplomatic",
                        "geography",
                    ]),
                    description: "Only this channel kind.",
                },
            ],
            request: None,
            response: Body::Schema("Leverage"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/permitted",
        handler: rules::permitted,
        blocking: false,
        doc: Doc {
            tag: "rules",
            summary: "Was an activity permitted on a date?",
            description: "As `statecraft permitted --json`: the verdict (permitted, prohibited, permitted-by-exemption or undetermined) under the measures in force at the date, the deciding rules with their evidence, what is missing when the rules cannot decide, and every measure considered. Any field of the activity may be left out.",
            params: &[
                Param {
                    name: "as_of",
                    location: In::Query,
                    required: true,
                    kind: Kind::Date,
                    description: "The date asked about: YYYY-MM-DD, or YYYY-MM / YYYY (an answer that changes inside the period is undetermined).",
                },
                Param {
                    name: "channel",
                    location: In::Query,
                    required: false,
                    kind: Kind::OneOf(&[
                        "trade",
                        "labour",
                        "investment",
                        "debt",
                        "finance",
                        "fishing",
                        "aviation",
                        "transport",
                        "education",
                        "energy",
                        "military",
                        "diplomatic",
                        "geography",
                    ]),
                    description: "The channel kind of the activity.",
                },
                Param {
                    name: "goods",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "The goods or service (e.g. coal, workers).",
                },
                Param {
                    name: "origin",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Where the goods come from: an actor id, name or alias.",
                },
                Param {
                    name: "exporter",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Who sends or sells: an actor id, name or alias.",
                },
                Param {
                    name: "importer",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Who receives or buys: an actor id, name or alias.",
                },
                Param {
                    name: "via",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Route or port passed through (e.g. Rajin), or `none`.",
                },
                Param {
                    name: "purpose",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Declared purpose (one the model's rules name), or `none`.",
                },
            ],
            request: None,
            response: Body::Schema("PermittedAnswer"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/permitted/vocabulary",
        handler: rules::vocabulary,
        blocking: false,
        doc: Doc {
            tag: "rules",
            summary: "The words the rules use",
            description: "The goods, routes and purposes the model's rules name, for a form's suggestions.",
            params: &[],
            request: None,
            response: Body::Schema("Vocabulary"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/sources",
        handler: sources::list,
        blocking: false,
        doc: Doc {
            tag: "sources",
            summary: "The source registry",
            description: "As `statecraft sources list --json`: every source (published by the date, with `as_of`) with its metadata.",
            params: &[AS_OF],
            request: None,
            response: Body::ArrayOf("Source"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/sources/{id}",
        handler: sources::one,
        blocking: false,
        doc: Doc {
            tag: "sources",
            summary: "One source",
            description: "As `statecraft sources show ID --json`: a source's metadata.",
            params: &[SOURCE_ID],
            request: None,
            response: Body::Schema("Source"),
            errors: &[404, 403, 503],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/sources/{id}/paragraphs/{n}",
        handler: sources::paragraph,
        blocking: false,
        doc: Doc {
            tag: "sources",
            summary: "One paragraph of a source: the evidence behind a figure",
            description: "The locator, the paragraph's text and hash when the server was started with `--sources` (else the hash the model records), whether the two hashes agree, which data cite the paragraph, and the source's metadata.",
            params: &[
                SOURCE_ID,
                Param {
                    name: "n",
                    location: In::Path,
                    required: true,
                    kind: Kind::Integer,
                    description: "The paragraph number, from 1.",
                },
            ],
            request: None,
            response: Body::Schema("Paragraph"),
            errors: &[400, 404, 403, 503],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/search",
        handler: search::search,
        blocking: true,
        doc: Doc {
            tag: "sources",
            summary: "Full-text search",
            description: "As `statecraft search --json`: BM25 over the source paragraphs (when the server has the texts) and the model's data, with \"quoted phrases\" and actors' names expanded to their aliases; each hit with its locator and a snippet.",
            params: &[
                Param {
                    name: "q",
                    location: In::Query,
                    required: true,
                    kind: Kind::String,
                    description: "Words and \"quoted phrases\" to look for.",
                },
                AS_OF,
                Param {
                    name: "limit",
                    location: In::Query,
                    required: false,
                    kind: Kind::Integer,
                    description: "At most this many hits (1–100, default 10).",
                },
            ],
            request: None,
            response: Body::Schema("SearchResult"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/coverage",
        handler: sources::coverage,
        blocking: false,
        doc: Doc {
            tag: "sources",
            summary: "Which paragraphs the model cites",
            description: "As `statecraft sources coverage --json`: per source, the paragraphs cited and uncited, and which data cite each.",
            params: &[],
            request: None,
            response: Body::ArrayOf("Coverage"),
            errors: READ_ERRORS,
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/ledger",
        handler: ledger::read,
        blocking: true,
        doc: Doc {
            tag: "ledger",
            summary: "The forecast ledger",
            description: "Every question in the ledger given with `--ledger`, with its forecasts in the order they were made and its resolution.",
            params: &[],
            request: None,
            response: Body::ArrayOf("QuestionRecord"),
            errors: &[403, 404, 503],
            auth: false,
        },
    },
    Route {
        method: Method::GET,
        path: "/api/ledger/scores",
        handler: ledger::scores,
        blocking: true,
        doc: Doc {
            tag: "ledger",
            summary: "How good the forecasts were",
            description: "The score card of the resolved questions: Brier, log and ranked probability scores per forecaster and question, time-averaged scores, and calibration.",
            params: &[
                Param {
                    name: "forecaster",
                    location: In::Query,
                    required: false,
                    kind: Kind::String,
                    description: "Only this forecaster's forecasts.",
                },
                Param {
                    name: "since",
                    location: In::Query,
                    required: false,
                    kind: Kind::Date,
                    description: "Only questions resolved on or after this date.",
                },
                Param {
                    name: "bins",
                    location: In::Query,
                    required: false,
                    kind: Kind::Integer,
                    description: "Equal bins of the calibration table (default 10; 0 bins by distinct values).",
                },
            ],
            request: None,
            response: Body::Schema("ScoreCard"),
            errors: &[400, 403, 404, 503],
            auth: false,
        },
    },
    Route {
        method: Method::POST,
        path: "/api/ledger/questions",
        handler: ledger::ask,
        blocking: true,
        doc: Doc {
            tag: "ledger",
            summary: "Ask a question",
            description: "Adds a forecasting question. Needs `Authorization: Bearer <token>`.",
            params: &[],
            request: Some(Body::Schema("QuestionInput")),
            response: Body::Schema("Written"),
            errors: &[400, 401, 403, 404, 409, 413, 415, 503],
            auth: true,
        },
    },
    Route {
        method: Method::POST,
        path: "/api/ledger/forecasts",
        handler: ledger::forecast,
        blocking: true,
        doc: Doc {
            tag: "ledger",
            summary: "Record a forecast",
            description: "Adds a forecast on an open question; options left out share the remainder equally. Needs `Authorization: Bearer <token>`.",
            params: &[],
            request: Some(Body::Schema("ForecastInput")),
            response: Body::Schema("Written"),
            errors: &[400, 401, 403, 404, 409, 413, 415, 503],
            auth: true,
        },
    },
    Route {
        method: Method::POST,
        path: "/api/ledger/resolutions",
        handler: ledger::resolve,
        blocking: true,
        doc: Doc {
            tag: "ledger",
            summary: "Resolve a question",
            description: "Records what happened (an option, or `annulled`); a resolution cannot be changed. Needs `Authorization: Bearer <token>`.",
            params: &[],
            request: Some(Body::Schema("ResolutionInput")),
            response: Body::Schema("Written"),
            errors: &[400, 401, 403, 404, 409, 413, 415, 503],
            auth: true,
        },
    },
];

/// Builds the router from [`ROUTES`].
pub fn build(state: Arc<AppState>) -> Router {
    let mut router: Router<Arc<AppState>> = Router::new();
    for route in ROUTES {
        let handler = move |s, p, q, h, b| http::dispatch(route, s, p, q, h, b);
        let method_router: MethodRouter<Arc<AppState>> = if route.method == Method::POST {
            post(handler)
        } else {
            get(handler)
        };
        router = router.route(route.path, method_router);
    }
    router
        .fallback(http::no_route)
        .method_not_allowed_fallback(http::wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::guard,
        ))
        .with_state(state)
}
