//! Who may do what to an article: authors write and submit their own; editors and
//! administrators edit, send back, publish and unpublish any.

use crate::auth::Role;

/// Something done to an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Change its fields.
    Edit,
    /// Send it for review.
    Submit,
    /// Return it to its author with a note.
    SendBack,
    /// Publish it, now or at its publication time.
    Publish,
    /// Take it off the site.
    Unpublish,
}

impl Action {
    /// The states it moves an article from, and the state it moves it to (`Edit` keeps it).
    pub fn moves(self) -> (&'static [&'static str], &'static str) {
        match self {
            Action::Edit => (&["draft", "submitted", "published", "unpublished"], ""),
            Action::Submit => (&["draft"], "submitted"),
            Action::SendBack => (&["submitted"], "draft"),
            Action::Publish => (&["draft", "submitted", "unpublished"], "published"),
            Action::Unpublish => (&["published"], "unpublished"),
        }
    }
}

/// Whether a user with `role` and id `me` may do `action` to an article in `status` whose
/// author is `author`.
pub fn allowed(role: Role, me: i64, author: Option<i64>, status: &str, action: Action) -> bool {
    let own = author == Some(me);
    let editor = role.allows(Role::Editor);
    let from = action.moves().0;
    let right_state = from.contains(&status);
    right_state
        && match action {
            // An author's article is theirs to change until it is sent for review.
            Action::Edit => editor || (own && status == "draft"),
            Action::Submit => editor || own,
            Action::SendBack | Action::Publish | Action::Unpublish => editor,
        }
}

/// Whether the role and authorship let a user do `action` to an article in some state: what
/// `allowed` asks besides the state the article is in now.
pub fn permitted(role: Role, me: i64, author: Option<i64>, action: Action) -> bool {
    let own = author == Some(me);
    let editor = role.allows(Role::Editor);
    match action {
        Action::Edit | Action::Submit => editor || own,
        Action::SendBack | Action::Publish | Action::Unpublish => editor,
    }
}

/// Whether a user may open an article at all: editors any, authors their own.
pub fn may_see(role: Role, me: i64, author: Option<i64>) -> bool {
    role.allows(Role::Editor) || author == Some(me)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    #[test]
    fn permission_is_apart_from_the_state() {
        let (me, other) = (1, 2);
        assert!(permitted(Role::Editor, me, Some(other), Publish));
        assert!(!allowed(
            Role::Editor,
            me,
            Some(other),
            "published",
            Publish
        ));
        assert!(!permitted(Role::Author, me, Some(me), Publish));
        assert!(permitted(Role::Author, me, Some(me), Submit));
        assert!(!permitted(Role::Author, me, Some(other), Submit));
    }

    #[test]
    fn authors_write_and_submit_their_own_editors_do_the_rest() {
        let (me, other) = (1, 2);
        assert!(allowed(Role::Author, me, Some(me), "draft", Edit));
        assert!(allowed(Role::Author, me, Some(me), "draft", Submit));
        assert!(
            !allowed(Role::Author, me, Some(me), "submitted", Edit),
            "under review"
        );
        assert!(!allowed(Role::Author, me, Some(other), "draft", Edit));
        assert!(!allowed(Role::Author, me, Some(me), "draft", Publish));
        assert!(!allowed(Role::Author, me, Some(me), "submitted", SendBack));
        assert!(allowed(
            Role::Editor,
            me,
            Some(other),
            "submitted",
            SendBack
        ));
        assert!(allowed(Role::Editor, me, None, "published", Edit));
        assert!(allowed(Role::Admin, me, None, "unpublished", Publish));
        assert!(
            !allowed(Role::Editor, me, None, "published", Publish),
            "already"
        );
        assert!(!allowed(Role::Editor, me, None, "draft", Unpublish));
        assert!(may_see(Role::Editor, me, None));
        assert!(!may_see(Role::Author, me, Some(other)));
    }
}
