//! The index builder's parsing layer: requisite text into [`crate::model::Requisite`]
//! trees, and the program taxonomy that requisite program conditions resolve
//! through.

pub mod requisite;
pub mod taxonomy;
