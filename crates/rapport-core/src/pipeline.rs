//! The deal pipeline: an ordered list of stages a deal moves through. The default list
//! follows seed 003: 意向 (interest) in six sub-stages, then 签约 (signed), 沉默 (silent)
//! and 流失 (lost). Deals store a stage's stable key, so the user can rename stages
//! freely (the list lives in the settings) without touching a deal.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::error::{Error, Result};

/// Setting key: the pipeline stages as JSON.
pub const SETTING_PIPELINE: &str = "pipeline_stages";

/// The four groups of seed 003 that every stage belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum StageGroup {
    /// 意向: interested, being worked on.
    Intent,
    /// 签约: signed.
    Signed,
    /// 沉默: gone quiet.
    Silent,
    /// 流失: lost.
    Lost,
}

impl fmt::Display for StageGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StageGroup::Intent => "intent",
            StageGroup::Signed => "signed",
            StageGroup::Silent => "silent",
            StageGroup::Lost => "lost",
        })
    }
}

/// One stage of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PipelineStage {
    /// Stable key stored on deals (`intent_meeting`).
    pub key: String,
    /// The name the user sees; renamable.
    pub name: String,
    /// Which of seed 003's groups it belongs to.
    pub group: StageGroup,
}

/// The default stages of seed 003, in pipeline order.
pub fn default_stages() -> Vec<PipelineStage> {
    use StageGroup::*;
    [
        ("intent_first_talk", "意向 · 初步沟通有意向", Intent),
        ("intent_needs_clear", "意向 · 深入沟通需求清晰", Intent),
        ("intent_knows_product", "意向 · 全面了解产品", Intent),
        ("intent_meeting", "意向 · 会客面谈", Intent),
        ("intent_ready", "意向 · 无疑义准备签约", Intent),
        ("intent_closing", "意向 · 成功签单", Intent),
        ("signed", "签约", Signed),
        ("silent", "沉默", Silent),
        ("lost", "流失", Lost),
    ]
    .into_iter()
    .map(|(key, name, group)| PipelineStage {
        key: key.into(),
        name: name.into(),
        group,
    })
    .collect()
}

/// Finds a stage by key, by name (case-insensitive), or by the part of its name after
/// ` · ` (`会客面谈` for `意向 · 会客面谈`); a bare group word (`意向`, `签约`, `沉默`,
/// `流失`, `intent`, `signed`, `silent`, `lost`) means the group's first stage.
pub fn find_stage<'a>(stages: &'a [PipelineStage], s: &str) -> Result<&'a PipelineStage> {
    let s = s.trim();
    let lower = s.to_lowercase();
    let group = match lower.as_str() {
        "意向" | "intent" => Some(StageGroup::Intent),
        "签约" | "signed" => Some(StageGroup::Signed),
        "沉默" | "silent" => Some(StageGroup::Silent),
        "流失" | "lost" => Some(StageGroup::Lost),
        _ => None,
    };
    stages
        .iter()
        .find(|st| st.key == lower)
        .or_else(|| stages.iter().find(|st| st.name.to_lowercase() == lower))
        .or_else(|| {
            stages.iter().find(|st| {
                st.name
                    .rsplit_once(" · ")
                    .is_some_and(|(_, sub)| sub.to_lowercase() == lower)
            })
        })
        .or_else(|| group.and_then(|g| first_of(stages, g)))
        .ok_or_else(|| {
            Error::invalid(
                "stage",
                format!(
                    "'{s}' is not a pipeline stage (one of: {})",
                    stages
                        .iter()
                        .map(|st| st.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}

/// The first stage of a group, if the list has one.
pub fn first_of(stages: &[PipelineStage], group: StageGroup) -> Option<&PipelineStage> {
    stages.iter().find(|st| st.group == group)
}

impl ContactBook {
    /// The pipeline stages, in order (the defaults of seed 003 until the user renames one).
    pub fn pipeline_stages(&self) -> Result<Vec<PipelineStage>> {
        match self.store().setting(SETTING_PIPELINE)? {
            None => Ok(default_stages()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                Error::invalid(
                    SETTING_PIPELINE,
                    format!("the stored pipeline is not readable: {e}"),
                )
            }),
        }
    }

    /// Renames the stage `stage` (key or current name) to `name`; returns the new list.
    pub fn rename_pipeline_stage(&mut self, stage: &str, name: &str) -> Result<Vec<PipelineStage>> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "a stage needs a name"));
        }
        let mut stages = self.pipeline_stages()?;
        let key = find_stage(&stages, stage)?.key.clone();
        if stages
            .iter()
            .any(|st| st.key != key && st.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::invalid(
                "name",
                format!("another stage is already called '{name}'"),
            ));
        }
        for st in &mut stages {
            if st.key == key {
                st.name = name.to_string();
            }
        }
        let json = serde_json::to_string(&stages)
            .map_err(|e| Error::invalid(SETTING_PIPELINE, e.to_string()))?;
        self.store_mut().set_setting(SETTING_PIPELINE, &json)?;
        Ok(stages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_found_by_key_name_or_group_word() {
        let s = default_stages();
        assert_eq!(s.len(), 9);
        assert_eq!(
            s.iter().filter(|x| x.group == StageGroup::Intent).count(),
            6
        );
        assert_eq!(
            find_stage(&s, "intent_meeting").unwrap().name,
            "意向 · 会客面谈"
        );
        assert_eq!(find_stage(&s, "签约").unwrap().key, "signed");
        assert_eq!(find_stage(&s, "意向").unwrap().key, "intent_first_talk");
        assert_eq!(
            find_stage(&s, "意向 · 会客面谈").unwrap().key,
            "intent_meeting"
        );
        assert_eq!(find_stage(&s, "会客面谈").unwrap().key, "intent_meeting");
        assert_eq!(find_stage(&s, "nope").unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn renaming_keeps_the_key() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let stages = book
            .rename_pipeline_stage("intent_meeting", "Demo")
            .unwrap();
        assert_eq!(find_stage(&stages, "Demo").unwrap().key, "intent_meeting");
        assert_eq!(book.pipeline_stages().unwrap(), stages);
        assert!(book.rename_pipeline_stage("signed", "demo").is_err());
    }
}
