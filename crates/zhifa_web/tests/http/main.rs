//! The web layer over HTTP, as one test binary: health and metrics, the API description,
//! authentication, the route walk that proves one township cannot reach another's data, a happy
//! path through the API, structured errors that write nothing, CSRF and sessions, and complaints
//! from the public (Open311, the portal's form and tracking, the bodies' desk, escalation).
//!
//! Each module holds one of these areas; `support` builds the demo county behind the router.
//! Not here: unit tests of single handlers or templates (next to them in `src`).

mod bad_input;
mod case_pages;
mod complaints;
mod csrf_and_sessions;
mod documents;
mod evidence;
mod happy_path;
mod health_and_openapi;
mod portal;
mod route_walk;
mod support;
