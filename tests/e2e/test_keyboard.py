#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: the shell by keyboard and as a screen reader hears it (issue 9,
# item 25), driven through AT-SPI with real key presses.
#
# A new till's responsabile is created with the keyboard only (Tab goes from
# the PIN to "Repeat PIN", never to the eye that shows the PIN); the menu and
# operator buttons have names; an operator added in the Operators window by
# keyboard, the window closes with one Esc while its toast is shown; Help on
# a computer without a help viewer says so in words.
#
# Environment: DIS_PUNTO (the binary), DIS_DEMO_DIR (data/demo).

import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (BUTTON_ROLES, OPERATOR, PIN, POINT, TEXT_ROLES, WAIT,  # noqa: E402
                 E2EFailure, Ui, dump, find_app, key_combo, log, node_name,
                 node_role, walk, wait_till)
from dogtail import rawinput  # noqa: E402
from gi.repository import GLib  # noqa: E402

VOLUNTEER = 'Bruno Bianchi'
VOLUNTEER_PIN = '1357'
UNNAMED = ('GtkImage', 'GtkMenuButton', 'GtkButton', 'GtkToggleButton')


def type_keys(text):
    rawinput.typeText(text)
    time.sleep(0.3)


def press(key):
    rawinput.pressKey(key)
    time.sleep(0.4)


def stack_page_of(node):
    """The page of the window's stack @node is on (header bar included)."""
    while node is not None and node_name(node) != 'GtkStackPage':
        try:
            node = node.get_parent()
        except GLib.Error:
            return None
    return node


def unnamed_buttons(page):
    """Buttons a screen reader would call by their GTK type."""
    return ['%s %r' % (node_role(n), node_name(n)) for n in walk(page)
            if node_role(n) in BUTTON_ROLES and node_name(n) in UNNAMED]


def first_run_by_keyboard(ui):
    name = ui.wait_for('Name', TEXT_ROLES, what='the name entry')
    ui.focus(name)
    type_keys(OPERATOR)
    press('Tab')
    type_keys(PIN)
    press('Tab')                      # to "Repeat PIN", not to the eye
    type_keys(PIN)
    press('Return')
    log('typed the responsabile with Tab between the fields')
    return wait_till(ui)


def add_operator_then_escape(ui):
    ui.press('Main Menu')
    ui.press('Operators')
    ui.wait_toplevels(2)
    ui.press('Add Operator')
    name = ui.wait_for('Name', TEXT_ROLES, what='the operator form')
    ui.focus(name)
    type_keys(VOLUNTEER)
    press('Tab')                      # the role: Volunteer
    press('Tab')
    type_keys(VOLUNTEER_PIN)
    press('Tab')                      # to "Repeat PIN"
    type_keys(VOLUNTEER_PIN)
    press('Return')                   # the form's default: Add
    # The row comes with a toast saying so (not on the accessibility bus
    # in libadwaita 1.2): Esc right away, while the toast is on screen.
    ui.wait_for(VOLUNTEER, BUTTON_ROLES, what='the new operator’s row')
    log('added', VOLUNTEER, 'with the keyboard')
    rawinput.pressKey('Escape')       # one Esc, toast or not
    ui.wait_toplevels(1)
    log('one Esc closed the Operators window')


def help_without_viewer(ui):
    ui.press('Main Menu')
    ui.press('Help')
    key, _ = ui.wait_any([('ours', 'No Help Viewer', None),
                          ('raw', 'Operation not supported', None)])
    if key != 'ours':
        dump(ui.app)
        raise E2EFailure('Help showed the raw “Operation not supported”')
    log('Help says there is no help viewer')
    # Not through the button's action: GTK 4.8 drops the application from
    # the bus when asked about a dialog while it goes.
    rawinput.pressKey('Escape')
    ui.wait_toplevels(1)


def drive(proc):
    ui = Ui(find_app(proc.pid))
    search = first_run_by_keyboard(ui)

    for name in ('Main Menu', 'Signed-in operator: %s' % OPERATOR):
        ui.wait_for(name, BUTTON_ROLES, what='button')
    log('the menu and operator buttons have names')

    add_operator_then_escape(ui)
    help_without_viewer(ui)

    # Locked: the sign-in page names every control, the PIN's eye too.
    key_combo('<Control>l')
    ui.forget(search)
    sign_in = ui.wait_for('Sign In', BUTTON_ROLES, what='sign-in button (after Ctrl+L)')
    ui.wait_for('Show or Hide PIN', None, what='the PIN’s eye')
    page = stack_page_of(sign_in)
    if page is None:
        dump(ui.app)
        raise E2EFailure('the sign-in button is on no page of the window')
    unnamed = unnamed_buttons(page)
    if unnamed:
        dump(ui.app)
        raise E2EFailure('buttons without a name on the sign-in page: %s' % ', '.join(unnamed))
    log('every button of the sign-in page has a name')


def check_database(db_path):
    con = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True)
    names = sorted(r[0] for r in con.execute('SELECT name FROM operators'))
    con.close()
    if names != sorted([OPERATOR, VOLUNTEER]):
        raise E2EFailure('operators in the database: %r' % names)


def run(tmp):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')

    cmd = [punto, '--db', db_path, '--demo', demo_dir, '--point', POINT]
    log('starting', ' '.join(cmd))
    app = e2e.App(cmd, e2e.app_env(tmp), tmp)
    try:
        drive(app.proc)
        app.quit()
        app.check_exit()
        app.check_log()
        check_database(db_path)
    finally:
        app.close()


if __name__ == '__main__':
    sys.exit(e2e.main('disotto-e2e-keys-', run))
