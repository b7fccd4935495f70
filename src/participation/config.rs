//! The `[participation]` settings: what readers may do and how much of it.

use serde::{Deserialize, Serialize};

/// How ratings, comments and poll votes behave.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParticipationConfig {
    /// Star ratings on articles (each article can also switch them off).
    pub ratings: bool,
    /// Comments on articles (each article can also switch them off).
    pub comments: bool,
    /// Which new comments wait for an editor: "hold_all", "hold_first_time" or "publish".
    pub moderation: String,
    /// Longest comment, in characters.
    pub comment_max_chars: usize,
    /// Most links one comment may contain.
    pub comment_max_links: usize,
    /// Seconds a comment form must have been open before it is sent (people type; scripts
    /// post at once).
    pub min_form_secs: i64,
    /// Seconds a form stays valid after the page showed it.
    pub form_max_age_secs: i64,
    /// Ratings one IP address may send per hour (0: no limit).
    pub ratings_per_ip_hour: u32,
    /// Comments one IP address may send per hour (0: no limit).
    pub comments_per_ip_hour: u32,
    /// Poll votes one IP address may send per hour (0: no limit). Offices share addresses,
    /// so this is generous; one vote per reader is the real rule.
    pub votes_per_ip_hour: u32,
}

impl Default for ParticipationConfig {
    fn default() -> Self {
        ParticipationConfig {
            ratings: true,
            comments: true,
            moderation: "hold_all".into(),
            comment_max_chars: 2000,
            comment_max_links: 2,
            min_form_secs: 3,
            form_max_age_secs: 6 * 3600,
            ratings_per_ip_hour: 120,
            comments_per_ip_hour: 20,
            votes_per_ip_hour: 120,
        }
    }
}

impl ParticipationConfig {
    /// The moderation rule, or `None` when the setting is not one of the three names.
    pub fn moderation(&self) -> Option<cong_store::Moderation> {
        use cong_store::Moderation::*;
        match self.moderation.as_str() {
            "hold_all" => Some(HoldAll),
            "hold_first_time" => Some(HoldFirstTime),
            "publish" => Some(PublishAtOnce),
            _ => None,
        }
    }

    /// Checks the values; the error is (key, problem).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.moderation().is_none() {
            return Err((
                "participation.moderation",
                format!(
                    "{:?} is not \"hold_all\", \"hold_first_time\" or \"publish\"",
                    self.moderation
                ),
            ));
        }
        if !(10..=20_000).contains(&self.comment_max_chars) {
            return Err((
                "participation.comment_max_chars",
                "must be between 10 and 20000".into(),
            ));
        }
        if !(0..=3600).contains(&self.min_form_secs) {
            return Err((
                "participation.min_form_secs",
                "must be between 0 and 3600".into(),
            ));
        }
        if !(60..=7 * 86_400).contains(&self.form_max_age_secs)
            || self.form_max_age_secs <= self.min_form_secs
        {
            return Err((
                "participation.form_max_age_secs",
                "must be between 60 and 604800, and above min_form_secs".into(),
            ));
        }
        Ok(())
    }
}
