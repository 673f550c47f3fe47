//! The index builder: requisite text into [`crate::model::Requisite`] trees
//! (`requisite`, `taxonomy`), and the pipeline that reads calendar sources,
//! applies patches, validates, decides and writes an artefact (`build`),
//! checks one (`verify`) and publishes it (`publish`).

pub mod requisite;
pub mod taxonomy;

pub mod build;
pub mod courses;
pub mod credentials;
pub mod cycles;
pub mod decision;
pub mod inputs;
pub mod patches;
pub mod progress;
pub mod publish;
pub mod reports;
pub mod sources;
pub mod validate;
pub mod verify;

pub use build::{build_index, BuildOptions, BuildOutcome};
pub use decision::DecisionPolicy;
pub use publish::{publish_artefact, PublishError, Published};
pub use verify::{verify_artefact, Verification};
