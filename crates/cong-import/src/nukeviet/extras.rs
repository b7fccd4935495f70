//! The small extras of a NukeViet site: opinion polls and the web-links directory.

use std::collections::HashMap;
use std::io::{Read, Seek};

use super::convert;
use super::reader::{Phase, Reader};
use super::sql::Row;
use crate::error::Result;
use crate::model::*;

impl<R: Read + Seek> Reader<R> {
    pub(super) fn polls(&mut self) {
        let (Some(polls), options) = (
            self.index.memory("voting"),
            self.index.memory("voting_rows"),
        ) else {
            return;
        };
        let mut by_poll: HashMap<i64, Vec<ImportPollOption>> = HashMap::new();
        if let Some(t) = options {
            let mut rows: Vec<&Row> = t.iter().collect();
            rows.sort_by_key(|r| t.cols.num(r, "id"));
            for r in rows {
                by_poll
                    .entry(t.cols.num(r, "vid"))
                    .or_default()
                    .push(ImportPollOption {
                        title: convert::plain(t.cols.str(r, "title")),
                        votes: t.cols.num(r, "hitstotal").max(0) as u64,
                    });
            }
        }
        for r in polls.iter() {
            let c = &polls.cols;
            let vid = c.num(r, "vid");
            let exp = c.num(r, "exp_time");
            self.queue.push_back(ImportItem::Poll(ImportPoll {
                key: format!("voting:{vid}"),
                question: convert::plain(c.str(r, "question")),
                options: by_poll.remove(&vid).unwrap_or_default(),
                max_choices: c.num(r, "acceptcm").max(1) as u32,
                opens_at: c.num(r, "publ_time"),
                closes_at: (exp > 0).then_some(exp),
                active: c.num(r, "act") == 1,
            }));
        }
    }

    pub(super) fn weblinks(&mut self, i: usize) -> Result<()> {
        let Some(m) = self.index.modules_of("weblinks").nth(i).cloned() else {
            self.phase = Phase::Done;
            return Ok(());
        };
        if self.stream.is_none() {
            self.open_stream(self.index.table(&format!("{}_rows", m.data)));
        }
        if !self.stream_row()? {
            self.phase = Phase::WebLinks(i + 1);
            return Ok(());
        }
        let c = self.cols();
        let r = &self.row;
        let cats = self.index.memory(&format!("{}_cat", m.data));
        let catid = c.num(r, "catid");
        let category = cats
            .and_then(|t| {
                t.iter()
                    .find(|x| t.cols.num(x, "catid") == catid)
                    .map(|x| convert::plain(t.cols.str(x, "title")))
            })
            .unwrap_or_default();
        let clicks = if c.has("hits_total") {
            c.num(r, "hits_total")
        } else {
            c.num(r, "hitstotal")
        };
        self.queue.push_back(ImportItem::WebLink(ImportWebLink {
            key: format!("{}:{}", m.data, c.num(r, "id")),
            title: convert::plain(c.str(r, "title")),
            url: c.str(r, "url").trim().to_string(),
            description: crate::content::html_to_text(c.str(r, "description")),
            category,
            clicks: clicks.max(0) as u64,
            active: !c.has("status") || c.num(r, "status") == 1,
        }));
        Ok(())
    }
}
