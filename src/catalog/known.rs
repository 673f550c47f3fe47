//! Which course codes and credential ids a saved plan names that the loaded
//! index lacks. Plans outlive indexes, so a plan made against last year's
//! catalog may name a course the current one dropped; the reply flags such
//! codes so the client can show them, and never removes them.

use actix::{Handler, Message};

use super::actor::{CatalogWorker, WorkerFailed};

/// Checks codes and a credential id against the loaded index.
#[derive(Message)]
#[rtype(result = "Result<KnownCheck, WorkerFailed>")]
pub struct CheckKnown {
    /// Canonical course codes, in any order, repeats allowed.
    pub codes: Vec<String>,
    /// A credential id to look up.
    pub credential: Option<String>,
}

/// Reply to [`CheckKnown`].
#[derive(Debug, Clone, PartialEq)]
pub struct KnownCheck {
    /// Id of the index the codes were checked against.
    pub index_id: String,
    /// For each code of the message, in order: `true` when the index has it.
    pub known: Vec<bool>,
    /// Whether the index has the credential; `None` when none was asked about.
    pub credential_known: Option<bool>,
}

impl Handler<CheckKnown> for CatalogWorker {
    type Result = Result<KnownCheck, WorkerFailed>;

    fn handle(&mut self, message: CheckKnown, _: &mut Self::Context) -> Self::Result {
        self.access.guarded("check_known", |catalog| KnownCheck {
            index_id: catalog.metadata.index_id.clone(),
            known: message.codes.iter().map(|code| catalog.course(code).is_some()).collect(),
            credential_known: message.credential.as_deref().map(|id| catalog.credential(id).is_some()),
        })
    }
}
