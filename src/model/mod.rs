//! Domain types shared by the index builder, the server and the advisory
//! engine. Everything here is plain data with serde shapes that the index
//! format (`docs/index-format.md`) and the HTTP API expose unchanged.

mod code;
mod course;
mod credential;
mod level;
mod requisite;

pub use code::{CodeError, CourseCode};
pub use course::{Course, ParseStatus, Term};
pub use credential::{Credential, CredentialKind, ProgramGroup, Requirement};
pub use level::{AcademicLevel, LevelError};
pub use requisite::{ConsentBy, ProgramMode, Requisite};
