//! Tables, written once: the wrapper that lets a wide table scroll on a narrow screen, the
//! caption a screen reader announces, a heading per column and a row per item.

use maud::{html, Markup, Render};

use super::Cx;

/// A column's heading in Swedish and English; `Num` right-aligns a column of figures.
#[derive(Clone, Copy)]
pub enum Col {
    Text(&'static str, &'static str),
    Num(&'static str, &'static str),
}

pub use Col::{Num, Text};

/// The items as a table under `caption`, which only screen readers show (a heading above the
/// table says it to the eye); `row` writes an item's cells (a `th scope="row"` where one cell
/// names the row).
pub fn table<T>(
    cx: &Cx,
    caption: impl Render,
    cols: &[Col],
    items: impl IntoIterator<Item = T>,
    row: impl Fn(T) -> Markup,
) -> Markup {
    html! {
        div.table-wrap { table {
            caption.visually-hidden { (caption) }
            (head(cx, cols))
            tbody { @for item in items { tr { (row(item)) } } }
        } }
    }
}

/// The heading row of a table.
pub fn head(cx: &Cx, cols: &[Col]) -> Markup {
    html! {
        thead { tr {
            @for col in cols {
                @match col {
                    Text(sv, en) => th scope="col" { (cx.t(sv, en)) },
                    Num(sv, en) => th scope="col" class="num" { (cx.t(sv, en)) },
                }
            }
        } }
    }
}
