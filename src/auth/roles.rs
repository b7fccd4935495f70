//! Roles and what each may do; every back-office route asks at its call site.

/// A back-office role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Writes own articles and submits them for review.
    Author,
    /// Edits and publishes any article, moderates comments, manages categories, polls, links
    /// and pages.
    Editor,
    /// Everything, including users and settings.
    Admin,
}

impl Role {
    /// The role stored as `name`.
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "author" => Some(Role::Author),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role includes everything `needed` may do (roles are nested).
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest_and_round_trip() {
        assert!(Role::Admin.allows(Role::Editor));
        assert!(Role::Editor.allows(Role::Author));
        assert!(!Role::Author.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Admin));
        for r in [Role::Author, Role::Editor, Role::Admin] {
            assert_eq!(Role::parse(r.name()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
