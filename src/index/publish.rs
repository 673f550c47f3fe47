//! `uwscrape index publish`: copies a validated artefact whose decision is
//! `publish` to `<root>/<slug>/`.
//!
//! Guarantee: a server reading `<root>/<slug>/` reads the old index or the
//! new one, never a mix. The copy goes to a staging directory beside the target
//! and is renamed into place only when complete.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::verify::verify_artefact;
use crate::format::ReleaseStatus;

/// Reasons an artefact is not published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The artefact failed validation.
    #[error("{dir} is not a valid index: {problems}")]
    Invalid {
        /// The artefact directory.
        dir: PathBuf,
        /// The problems, joined.
        problems: String,
    },
    /// The release decision is `blocked`.
    #[error("{dir} has release_status blocked ({reasons}); fix the findings and rebuild, a blocked index is never published")]
    Blocked {
        /// The artefact directory.
        dir: PathBuf,
        /// The decision's reasons, joined.
        reasons: String,
    },
    /// Copying or renaming failed.
    #[error("failed to publish to {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// Location and id of a published artefact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// `<root>/<slug>`.
    pub path: PathBuf,
    /// The index id.
    pub index_id: String,
}

/// Validates `dir` and copies it to `<root>/<slug>/`, replacing what was there.
pub fn publish_artefact(dir: &Path, root: &Path) -> Result<Published, PublishError> {
    let verification = verify_artefact(dir);
    if !verification.problems.is_empty() {
        return Err(PublishError::Invalid { dir: dir.to_path_buf(), problems: verification.problems.join("; ") });
    }
    let catalog = crate::catalog::load_index(dir, true).map_err(|error| PublishError::Invalid { dir: dir.to_path_buf(), problems: error.to_string() })?;
    if verification.release_status != Some(ReleaseStatus::Publish) {
        let reasons = catalog.decision.reasons.iter().map(|reason| reason.message.as_str()).collect::<Vec<_>>().join("; ");
        return Err(PublishError::Blocked { dir: dir.to_path_buf(), reasons });
    }

    let slug = &catalog.metadata.slug;
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishError::Io { path, source }
    };
    fs::create_dir_all(root).map_err(io_error(root))?;
    let target = root.join(slug);
    let staging = root.join(format!(".{slug}.staging-{}", std::process::id()));
    let previous = root.join(format!(".{slug}.previous-{}", std::process::id()));

    remove_if_present(&staging)?;
    copy_dir(dir, &staging)?;
    if target.exists() {
        fs::rename(&target, &previous).map_err(io_error(&target))?;
    }
    if let Err(source) = fs::rename(&staging, &target) {
        // Put the old index back so the root keeps its published copy.
        if previous.exists() {
            let _ = fs::rename(&previous, &target);
        }
        return Err(PublishError::Io { path: target, source });
    }
    remove_if_present(&previous)?;
    log::info!("index published slug={slug} index_id={} path={}", catalog.metadata.index_id, target.display());
    Ok(Published { path: target, index_id: catalog.metadata.index_id.clone() })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), PublishError> {
    let wrap = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishError::Io { path, source }
    };
    fs::create_dir_all(to).map_err(wrap(to))?;
    for entry in fs::read_dir(from).map_err(wrap(from))? {
        let entry = entry.map_err(wrap(from))?;
        let source = entry.path();
        let destination = to.join(entry.file_name());
        if entry.file_type().map_err(wrap(&source))?.is_dir() {
            copy_dir(&source, &destination)?;
        } else {
            fs::copy(&source, &destination).map_err(wrap(&source))?;
        }
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), PublishError> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(PublishError::Io { path: path.to_path_buf(), source: error }),
        _ => Ok(()),
    }
}
