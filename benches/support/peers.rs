//! Driving the peers through an exported scenario: compile with `bladeink-compiler` and
//! Yarn Spinner's compiler, then play a [`Playback`] in `bladeink`'s `Story` or Yarn Spinner's
//! `Dialogue`, picking options by their text and setting the `force_<node>` hooks. Shared by
//! `tests/export.rs` and `benches/peers.rs`.

#![allow(dead_code)] // each user needs its own subset

use bladeink::story::Story;
use bladeink::value_type::ValueType;
use rapport::export::Playback;
use yarnspinner::prelude::*;
use yarnspinner::runtime::{MemoryVariableStorage, StringTableTextProvider};

/// Ink source to the runtime's JSON.
pub fn compile_ink(src: &str) -> String {
    bladeink_compiler::Compiler::new()
        .compile(src)
        .unwrap_or_else(|e| panic!("Ink does not compile: {e}\n{src}"))
}

/// Ink source to a story ready to run.
pub fn ink_story(src: &str) -> Story {
    Story::new(&compile_ink(src)).expect("compiled Ink loads")
}

pub fn compile_yarn(src: &str) -> Compilation {
    YarnCompiler::new()
        .add_file(YarnFile {
            file_name: "export.yarn".into(),
            source: src.into(),
        })
        .compile()
        .unwrap_or_else(|e| panic!("Yarn does not compile: {e}\n{src}"))
}

/// A Yarn dialogue ready to run, with its variable storage and the program's starting values.
pub struct YarnRunner {
    pub dialogue: Dialogue,
    storage: MemoryVariableStorage,
    initial: Vec<(String, YarnValue)>,
}

pub fn yarn_runner(c: &Compilation) -> YarnRunner {
    let program = c.program.clone().expect("a full compilation");
    let storage = MemoryVariableStorage::new();
    let mut text = StringTableTextProvider::new();
    text.extend_base_language(c.string_table.iter().map(|(id, s)| (id.clone(), s.text.clone())));
    let mut dialogue = Dialogue::new(Box::new(storage.clone()), Box::new(text));
    let initial = program
        .initial_values
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    dialogue.add_program(program);
    YarnRunner {
        dialogue,
        storage,
        initial,
    }
}

/// Whether a choice label Ink offers is `text`. bladeink-compiler keeps the backslash of an
/// escaped brace inside a choice's `[...]` label (inklecate drops it), so a placeholder kept as
/// written in an option shows as `\{name\}` there.
fn ink_label_is(shown: &str, text: &str) -> bool {
    shown == text || (shown.contains('\\') && shown.replace("\\{", "{").replace("\\}", "}") == text)
}

/// Plays `pb` from the start of a reset story, handing every line to `on_line`; returns the
/// `ending` variable at the end.
pub fn play_ink(story: &mut Story, pb: &Playback, on_line: &mut dyn FnMut(String)) -> String {
    story.reset_state().unwrap();
    let set = |story: &mut Story, hooks: &[(String, i64)]| {
        for (h, v) in hooks {
            story.set_variable(h, &ValueType::Int(*v as i32)).unwrap();
        }
    };
    set(story, &pb.start);
    let mut decisions = pb.decisions.iter();
    loop {
        while story.can_continue() {
            on_line(story.cont().unwrap().trim_end().to_string());
        }
        let choices = story.get_current_choices();
        if choices.is_empty() {
            break;
        }
        let shown: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
        let (text, hooks) = decisions
            .next()
            .unwrap_or_else(|| panic!("Ink offers choices after the path ended: {shown:?}"));
        let Some(i) = shown.iter().position(|c| ink_label_is(c, text)) else {
            panic!("Ink does not offer `{text}`; it offers {shown:?}");
        };
        set(story, hooks);
        story.choose_choice_index(i).unwrap();
    }
    assert!(decisions.next().is_none(), "Ink ended before the path did");
    story
        .get_variable("ending")
        .and_then(|v| v.coerce_to_string().ok())
        .unwrap_or_default()
}

/// Plays `pb` from node `start` with fresh variables, handing every line to `on_line`;
/// returns `$ending` at the end.
pub fn play_yarn(y: &mut YarnRunner, start: &str, pb: &Playback, on_line: &mut dyn FnMut(String)) -> String {
    let mut storage = y.storage.clone();
    storage.clear();
    for (k, v) in &y.initial {
        storage.set(k.clone(), v.clone()).unwrap();
    }
    let mut set = |hooks: &[(String, i64)]| {
        for (h, v) in hooks {
            storage
                .set(format!("${h}"), YarnValue::Number(*v as f32))
                .unwrap();
        }
    };
    set(&pb.start);
    y.dialogue.set_node(start).unwrap();
    let mut decisions = pb.decisions.iter();
    'run: loop {
        for event in y.dialogue.continue_().unwrap() {
            match event {
                DialogueEvent::Line(l) => on_line(l.text),
                DialogueEvent::Options(options) => {
                    let offered: Vec<_> = options.iter().filter(|o| o.is_available).collect();
                    let shown: Vec<&str> = offered.iter().map(|o| o.line.text.as_str()).collect();
                    let (text, hooks) = decisions
                        .next()
                        .unwrap_or_else(|| panic!("Yarn offers options after the path ended: {shown:?}"));
                    let Some(o) = offered.iter().find(|o| &o.line.text == text) else {
                        panic!("Yarn does not offer `{text}`; it offers {shown:?}");
                    };
                    set(hooks);
                    y.dialogue.set_selected_option(o.id).unwrap();
                }
                DialogueEvent::DialogueComplete => break 'run,
                _ => {}
            }
        }
    }
    assert!(decisions.next().is_none(), "Yarn ended before the path did");
    match y.storage.get("$ending") {
        Ok(YarnValue::String(s)) => s,
        other => panic!("$ending is {other:?}"),
    }
}
