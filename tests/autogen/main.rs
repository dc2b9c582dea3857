//! Schemas: introspection of real databases, the differ's round trips (hand-picked pairs and
//! random ones), and autogenerate through the engine's API and the `retort` binary.

#[path = "../common/mod.rs"]
mod common;

mod api;
mod backslashes;
mod cli;
mod harness;
mod introspect;
mod prop;
mod roundtrip;
