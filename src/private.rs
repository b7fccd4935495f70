//! The data folder is the operator's alone: it holds the secret that signs every token, the
//! two-factor secrets and the readers' e-mail addresses. It is made 0700 and the database
//! files 0600, whatever the umask, and `cong` itself runs with umask 077 (see `main.rs`) so
//! that what it writes later (index, media, backups) is private too.

use std::path::Path;

use anyhow::Context;

/// Creates the data folder if needed, and makes it private to the owner.
pub fn data_folder(dir: &Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("creating data folder {}", dir.display()))?;
    restrict(dir, 0o700);
    Ok(())
}

/// Makes the SQLite database files private (the WAL and shared-memory files too: they hold
/// recent writes).
pub fn database_files(dir: &Path) {
    for name in ["cong.db", "cong.db-wal", "cong.db-shm"] {
        let path = dir.join(name);
        if path.exists() {
            restrict(&path, 0o600);
        }
    }
}

/// Sets `mode` on `path`; says so, without stopping, when it cannot (not the owner).
fn restrict(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let loose = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777 != mode)
            .unwrap_or(false);
        if loose {
            if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
                tracing::warn!(path = %path.display(), error = %e, "could not make it private");
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_data_folder_and_database_are_private() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("du-lieu");
        data_folder(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        // An existing folder left open by someone is closed again.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        data_folder(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let db = dir.join("cong.db");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        database_files(&dir);
        assert_eq!(mode(&db), 0o600);
    }
}
