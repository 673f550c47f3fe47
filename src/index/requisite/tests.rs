//! Table test of real requisite texts.
