//! The TypeScript twin of the command table: `ui/src/lib/backend/bindings/commands.ts`, one
//! typed function per command, written by the test below beside the types ts-rs writes (and,
//! like them, committed and checked by `scripts/test.sh`). Types are named as ts-rs names them.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;
use ts_rs::{Config, Dependency, TypeVisitor, TS};

/// One command as the UI calls it.
pub struct CommandSpec {
    pub name: &'static str,
    pub docs: &'static [&'static str],
    /// What the UI sends, channels included.
    pub args: Vec<TsArg>,
    /// What the command resolves to.
    pub result: TsType,
}

pub struct TsArg {
    pub name: &'static str,
    pub ty: TsType,
}

/// A type as TypeScript spells it, and the generated files it needs imported.
pub struct TsType {
    text: String,
    imports: BTreeMap<String, PathBuf>,
}

impl TsType {
    pub fn of<T: TS + 'static + ?Sized>() -> TsType {
        let cfg = Config::from_env();
        let mut imports = Imports(&cfg, BTreeMap::new());
        imports.visit::<T>();
        TsType {
            text: T::name(&cfg),
            imports: imports.1,
        }
    }

    /// A `tauri::ipc::Channel<T>`: the UI passes a `Channel` whose messages are `T`.
    pub fn channel<T: TS + 'static + ?Sized>() -> TsType {
        let event = TsType::of::<T>();
        TsType {
            text: format!("Channel<{}>", event.text),
            imports: event.imports,
        }
    }
}

/// Collects the exported types a type's name mentions: itself and its generic arguments.
struct Imports<'a>(&'a Config, BTreeMap<String, PathBuf>);

impl TypeVisitor for Imports<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if let Some(dep) = Dependency::from_ty::<T>(self.0) {
            self.1.insert(dep.ts_name, dep.output_path);
        }
        T::visit_generics(self);
    }
}

/// `save_profile` → `saveProfile`: TypeScript's naming for functions; the command keeps its name.
fn function_name(command: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in command.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn doc_comment(docs: &[&str], out: &mut String) {
    match docs {
        [] => {}
        [line] => {
            let _ = writeln!(out, "/** {} */", line.trim());
        }
        lines => {
            out.push_str("/**\n");
            for line in lines {
                let _ = writeln!(out, " *{}", line.trim_end());
            }
            out.push_str(" */\n");
        }
    }
}

/// The whole `commands.ts`.
pub fn render(specs: &[CommandSpec]) -> String {
    let mut imports = BTreeMap::new();
    let mut channels = false;
    for spec in specs {
        imports.extend(spec.result.imports.clone());
        for arg in &spec.args {
            imports.extend(arg.ty.imports.clone());
            channels |= arg.ty.text.starts_with("Channel<");
        }
    }
    let mut out = String::from(
        "// Generated from the command table in src-tauri/src/contract.rs by `cargo test -p retort-app`;\n\
         // do not edit. One function per command the shell registers, taking the command's arguments\n\
         // as one object named as in Rust, and resolving to its result (rejecting with a CommandError).\n",
    );
    out.push_str(if channels {
        "import { invoke, type Channel } from \"@tauri-apps/api/core\";\n"
    } else {
        "import { invoke } from \"@tauri-apps/api/core\";\n"
    });
    for (name, path) in &imports {
        let module = path.to_string_lossy().replace('\\', "/");
        let module = module.trim_end_matches(".ts");
        let _ = writeln!(out, "import type {{ {name} }} from \"./{module}\";");
    }
    for spec in specs {
        out.push('\n');
        doc_comment(spec.docs, &mut out);
        let function = function_name(spec.name);
        let result = &spec.result.text;
        if spec.args.is_empty() {
            let _ = writeln!(out, "export function {function}(): Promise<{result}> {{");
            let _ = writeln!(out, "  return invoke<{result}>(\"{}\");", spec.name);
        } else {
            let fields: Vec<String> = spec
                .args
                .iter()
                .map(|arg| format!("{}: {}", arg.name, arg.ty.text))
                .collect();
            let _ = writeln!(
                out,
                "export function {function}(args: {{ {} }}): Promise<{result}> {{",
                fields.join(", ")
            );
            let _ = writeln!(out, "  return invoke<{result}>(\"{}\", args);", spec.name);
        }
        out.push_str("}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_typescript_functions() {
        assert_eq!(function_name("save_profile"), "saveProfile");
        assert_eq!(function_name("apply"), "apply");
        assert_eq!(function_name("cancel_autogenerate"), "cancelAutogenerate");
    }

    #[test]
    fn types_are_named_as_ts_rs_names_them_with_their_imports() {
        let ty = TsType::of::<Option<Vec<retort::workspace::ProfileView>>>();
        assert_eq!(ty.text, "Array<ProfileView> | null");
        assert_eq!(ty.imports.keys().collect::<Vec<_>>(), ["ProfileView"]);
        let channel = TsType::channel::<retort::workspace::Progress>();
        assert_eq!(channel.text, "Channel<Progress>");
        assert!(TsType::of::<()>().imports.is_empty());
    }

    /// Writes `commands.ts` where ts-rs writes the types (`TS_RS_EXPORT_DIR`), as ts-rs's own
    /// export tests do; `scripts/test.sh` fails when the committed file differs.
    #[test]
    fn export_bindings_commands() {
        let text = render(&crate::contract::specs());
        let dir = Config::from_env().out_dir().to_path_buf();
        std::fs::create_dir_all(&dir).expect("the bindings folder");
        std::fs::write(dir.join("commands.ts"), text).expect("commands.ts written");
    }
}
