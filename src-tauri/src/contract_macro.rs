//! The macro behind the command table in `contract.rs`: from one entry per command it makes the
//! Tauri command (named and with arguments exactly as the entry says), the invoke handler that
//! registers them all, and, for the tests, the description the TypeScript is generated from.

use crate::error::CommandResult;

/// A command body's result as the bridge returns it: bodies that cannot fail return their value
/// plainly, the others a `CommandResult`; on the wire both are the value or a `CommandError`.
pub trait IntoCommandResult<T> {
    fn into_command_result(self) -> CommandResult<T>;
}

impl<T> IntoCommandResult<T> for T {
    fn into_command_result(self) -> CommandResult<T> {
        Ok(self)
    }
}

impl<T> IntoCommandResult<T> for CommandResult<T> {
    fn into_command_result(self) -> CommandResult<T> {
        self
    }
}

/// One entry per command:
///
/// ```text
/// /// Doc comment (copied to the TypeScript).
/// async fn name[injected: Type, …](argument: Type, …; channel: Channel<Event>, …) -> Ok = body;
/// ```
///
/// `async` or `blocking` (run on the main thread, as Tauri runs a non-async command); in
/// brackets what Tauri injects (`AppHandle`, `State`), never sent by the UI; in parentheses what
/// the UI sends, channels last; `Ok` is what the UI receives (the body may return it or a
/// `CommandResult` of it). The body is called with the injected values, the arguments and the
/// channels in that order, so an entry whose types or arity disagree with its body does not
/// compile; the names on the wire are the entry's own, so they cannot disagree.
macro_rules! app_contract {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident fn $name:ident
        [$($injected:ident : $injected_type:ty),* $(,)?]
        ($($arg:ident : $arg_type:ty),* $(; $($channel:ident : Channel<$event:ty>),+)? $(,)?)
        -> $ok:ty = $body:path;
    )*) => {
        $(
            $crate::contract_macro::command!(
                $kind $name
                [$($injected: $injected_type,)* $($arg: $arg_type,)* $($($channel: tauri::ipc::Channel<$event>,)+)?]
                -> $ok = $body
            );
        )*

        /// Registers every command of the table, and no other.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// The table as the TypeScript generator reads it.
        #[cfg(test)]
        pub(crate) fn specs() -> Vec<$crate::contract_ts::CommandSpec> {
            use $crate::contract_ts::{CommandSpec, TsArg, TsType};
            vec![$(CommandSpec {
                name: stringify!($name),
                docs: &[$($doc),*],
                args: vec![
                    $(TsArg { name: stringify!($arg), ty: TsType::of::<$arg_type>() },)*
                    $($(TsArg { name: stringify!($channel), ty: TsType::channel::<$event>() },)+)?
                ],
                result: TsType::of::<$ok>(),
            }),*]
        }
    };
}

/// One Tauri command of the table. Its arguments keep their Rust (snake_case) names on the
/// wire: one casing for names and fields alike (see `contract.rs`).
macro_rules! command {
    (async $name:ident [$($param:ident : $type:ty,)*] -> $ok:ty = $body:path) => {
        #[tauri::command(rename_all = "snake_case")]
        async fn $name($($param: $type),*) -> $crate::error::CommandResult<$ok> {
            $crate::contract_macro::IntoCommandResult::into_command_result($body($($param),*).await)
        }
    };
    (blocking $name:ident [$($param:ident : $type:ty,)*] -> $ok:ty = $body:path) => {
        #[tauri::command(rename_all = "snake_case")]
        fn $name($($param: $type),*) -> $crate::error::CommandResult<$ok> {
            $crate::contract_macro::IntoCommandResult::into_command_result($body($($param),*))
        }
    };
}

pub(crate) use app_contract;
pub(crate) use command;
