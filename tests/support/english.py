"""English that must never reach a user's screen: Streamlit's built-in texts (file uploader, table toolbar,
dialogs, widgets), Plotly's toolbar, our own internal words, and « (s) » instead of agreement.
Used by the page test that renders every page for every role and by the browser walks."""

from __future__ import annotations

import re

ENGLISH = [
    # file uploader
    "Drag and drop",
    "Browse files",
    "per file",
    "files are not allowed",
    "or smaller",
    "File size is too small",
    "Add files",
    "Upload",
    # tables
    "Download as CSV",
    "Search",
    "Show/hide columns",
    "Add row",
    "Delete row",
    "Fullscreen",
    "Close fullscreen",
    "Sort ascending",
    "Sort descending",
    "Pin column",
    "Hide column",
    "Type to search",
    "Clear selection",
    # dialogs, app frame, widgets
    "Page not found",
    "You have requested page",
    "Running the app's main page",
    "does not seem to exist",
    "Choose an option",
    "Choose options",
    "No options to select",
    "No results",
    "Press Enter to",
    "Show password",
    "View less",
    "Running...",
    "Something went wrong",
    "This app has encountered an error",
    # Plotly toolbar and messages
    "Download plot",
    "Autoscale",
    "Reset axes",
    "Zoom in",
    "Zoom out",
    "Box Select",
    "Lasso Select",
    "Toggle Spike Lines",
    "Show closest data on hover",
    "Compare data on hover",
    "Double-click to zoom",
    # words of our own code that once leaked
    "rejected",
    "unchanged",
    "requête ",
    "orientation_flows",
    "key_indicators_by_year",
    "None",
]
# Whole words only where the English is also a substring of French ("None" in "Nonet"…).
_WORD = {"None", "rejected", "unchanged", "Upload", "Search"}
_PLURAL = re.compile(r"\w\(s\)|\(e\)s\b")


def english_on_screen(text: str) -> list[str]:
    """The English strings (and « (s) ») found in a page's text."""
    found = []
    for s in ENGLISH:
        if s in _WORD:
            if re.search(rf"\b{re.escape(s)}\b", text):
                found.append(s)
        elif s in text:
            found.append(s)
    found += [m.group(0) for m in _PLURAL.finditer(text)]
    return found
