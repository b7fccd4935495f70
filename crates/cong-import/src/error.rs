use std::fmt;

/// Where in the input file something was found: 1-based line, and byte column when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    /// Line number, counting from 1.
    pub line: u64,
    /// Byte column on that line, counting from 1; 0 when unknown.
    pub column: u64,
}

impl Position {
    /// A position known only to the line.
    pub fn line(line: u64) -> Self {
        Position { line, column: 0 }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column > 0 {
            write!(f, "line {}, column {}", self.line, self.column)
        } else {
            write!(f, "line {}", self.line)
        }
    }
}

/// Why an import file was refused; every variant says where and what in plain words.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all.
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The XML itself is broken (not well-formed).
    #[error("{at}: the XML is not well-formed: {problem}")]
    Xml {
        /// Where the problem starts.
        at: Position,
        /// What is wrong.
        problem: String,
    },
    /// Well-formed XML that is not a WordPress export we can read.
    #[error("{at}: {problem}")]
    Wxr {
        /// Where the problem was found.
        at: Position,
        /// What is wrong.
        problem: String,
    },
    /// The SQL dump is broken or cut off.
    #[error("{at}: {problem}")]
    Sql {
        /// Where the problem was found.
        at: Position,
        /// What is wrong.
        problem: String,
    },
    /// A readable dump that is not from NukeViet (or not with the given prefix and language).
    #[error("this is not a NukeViet dump: {0}")]
    NotNukeViet(String),
    /// A value in the file does not mean anything we can store.
    #[error("{at}: {problem}")]
    Data {
        /// Where the value is.
        at: Position,
        /// What is wrong with it.
        problem: String,
    },
}

impl ImportError {
    /// The line the error points at, when it points at one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ImportError::Xml { at, .. }
            | ImportError::Wxr { at, .. }
            | ImportError::Sql { at, .. }
            | ImportError::Data { at, .. } => Some(at.line),
            ImportError::Io(_) | ImportError::NotNukeViet(_) => None,
        }
    }
}

/// Result of an import call.
pub type Result<T, E = ImportError> = std::result::Result<T, E>;
