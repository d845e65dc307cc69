# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the end-to-end tests share: dogtail and the accessibility bus set up,
# the AT-SPI helpers (and the GTK 4.8 quirks they work around), the demo
# data, disotto-punto started in a private environment and always stopped,
# the first run of a new till, and the test's main().
#
# Importing this module connects to the accessibility bus (starting it on
# demand); it runs no test.

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings

from dogtail.config import config

# libatspi 2.46 deprecates the *_iface getters dogtail and these tests use.
warnings.filterwarnings('ignore', category=DeprecationWarning)

# Settings are in memory and the desktop's accessibility key is irrelevant:
# GTK 4 always talks to the accessibility bus.
config.checkForA11y = False
config.logDebugToFile = False
config.actionDelay = 0.2
config.typingDelay = 0.03
config.defaultDelay = 0.2

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, Gio, GLib  # noqa: E402


_T0 = time.monotonic()


def log(*args):
    print('e2e: [%5.1fs]' % (time.monotonic() - _T0), *args, flush=True)


def make_activation_see_display():
    """The accessibility registry generates the key events with XTest: when
    the session bus starts it on demand it must know the display."""
    env = {k: os.environ[k] for k in ('DISPLAY', 'XAUTHORITY') if k in os.environ}
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                      'org.freedesktop.DBus', 'UpdateActivationEnvironment',
                      GLib.Variant('(a{ss})', (env,)), None,
                      Gio.DBusCallFlags.NONE, 5000, None)
    except GLib.Error as e:
        log('could not update the activation environment:', e.message)


# Before dogtail connects to the accessibility bus (and so starts it).
make_activation_see_display()

from dogtail import rawinput, tree  # noqa: E402  (patches Atspi.Accessible)

WAIT = 20.0          # every wait is bounded by this many seconds
POINT = 'TO-CEN'
OPERATOR = 'Anna Verdi'
PIN = '2468'
SEARCH = 'Search or scan'

TEXT_ROLES = {'text', 'password text', 'entry', 'spin button'}
BUTTON_ROLES = {'push button', 'toggle button', 'radio button', 'check box',
                'list item', 'menu item', 'table cell'}

# Warnings and criticals of these log domains fail a test.
APP_DOMAINS = r'dis-[\w-]*|Gtk|Adw'


class E2EFailure(Exception):
    pass


# ---------------------------------------------------------------------------
# The demo data.

def load_demo(demo_dir):
    with open(os.path.join(demo_dir, 'basket.json'), encoding='utf-8') as f:
        basket = json.load(f)
    with open(os.path.join(demo_dir, 'settings.json'), encoding='utf-8') as f:
        settings = json.load(f)
    return basket, settings


def pick_products(basket, n=3):
    picked = []
    for p in basket:
        if p.get('unit') == 'piece' and p.get('ean'):
            picked.append(p)
        if len(picked) == n:
            return picked
    raise E2EFailure('data/demo/basket.json has fewer than %d products sold '
                     'by the piece with an EAN' % n)


# ---------------------------------------------------------------------------
# AT-SPI helpers. Every wait is bounded; on failure the tree is dumped so the
# missing accessible name is obvious.
#
# What GTK 4.8 offers, and how it is used here:
# - SHOWING is set on toplevels only, VISIBLE on everything presented;
# - the pages of a GtkStack that are not shown stay in the tree, with the
#   size they had when last shown (zero if never shown). So a node counts
#   as on screen when it is VISIBLE and has a size, and the nodes of a page
#   the test has left are remembered in `Ui.gone` and skipped;
# - extents are relative to the toplevel; without a window manager every
#   toplevel (dialogs too) is mapped at 0,0, so they are screen coordinates;
# - buttons have a "click" action; entries take the keyboard focus from a
#   pointer click and report FOCUSED (AdwEntryRow does not).

def find_app(pid, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            for app in tree.root.applications():
                try:
                    if app.get_process_id() == pid:
                        return app
                except GLib.Error:
                    pass
        except GLib.Error:
            pass
        time.sleep(0.3)
    names = []
    try:
        names = [a.name for a in tree.root.applications()]
    except GLib.Error:
        pass
    raise E2EFailure('disotto-punto (pid %d) did not appear on the AT-SPI '
                     'tree within %ds; applications there: %r'
                     % (pid, timeout, names))


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except GLib.Error:
        return False


def extents(node):
    try:
        e = node.get_extents(Atspi.CoordType.WINDOW)
        return e.x, e.y, e.width, e.height
    except GLib.Error:
        return 0, 0, 0, 0


def never_shown(node):
    """A widget of a page never shown has no size. Nodes without the
    Component interface (GtkStackPage) say nothing."""
    try:
        e = node.get_extents(Atspi.CoordType.WINDOW)
    except GLib.Error:
        return False
    return e.width <= 0 or e.height <= 0


def has_size(node):
    _, _, w, h = extents(node)
    return w > 0 and h > 0


def children(node):
    try:
        n = node.get_child_count()
    except GLib.Error:
        return
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            yield child


def walk(node, depth=0, max_depth=40):
    """VISIBLE descendants of @node that have been on screen, depth first."""
    if depth > max_depth:
        return
    for child in children(node):
        if not has_state(child, Atspi.StateType.VISIBLE) or never_shown(child):
            continue
        yield child
        yield from walk(child, depth + 1, max_depth)


def node_name(node):
    try:
        name = node.get_name() or ''
    except GLib.Error:
        return ''
    # GTK 4.8 names a button with a mnemonic label "_Label Label".
    name = name.strip()
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and \
       [w.replace('_', '') for w in words[:half]] == words[half:]:
        name = ' '.join(words[half:])
    return name


def node_role(node):
    try:
        return node.get_role_name() or ''
    except GLib.Error:
        return ''


def dump(app, out=sys.stdout):
    def rec(node, depth):
        for child in children(node):
            states = []
            for st, nick in ((Atspi.StateType.VISIBLE, 'visible'),
                             (Atspi.StateType.FOCUSED, 'focused'),
                             (Atspi.StateType.SENSITIVE, 'sensitive'),
                             (Atspi.StateType.CHECKED, 'checked')):
                if has_state(child, st):
                    states.append(nick)
            x, y, w, h = extents(child)
            print('  ' * depth + '[%s | %r] %s %dx%d+%d+%d'
                  % (node_role(child), node_name(child), ','.join(states), w, h, x, y),
                  file=out)
            if depth < 40:
                rec(child, depth + 1)
    print('Accessible tree of the application (role, name, states, geometry):',
          file=out)
    try:
        rec(app, 1)
    except GLib.Error as e:
        print('  (tree changed while dumping: %s)' % e.message, file=out)
    out.flush()


def is_focused(node):
    return has_state(node, Atspi.StateType.FOCUSED)


def is_on(node):
    return (has_state(node, Atspi.StateType.CHECKED)
            or has_state(node, Atspi.StateType.PRESSED)
            or has_state(node, Atspi.StateType.SELECTED))


def key_combo(combo):
    rawinput.keyCombo(combo)


class Ui:
    def __init__(self, app):
        self.app = app
        self.gone = []          # nodes of pages the test has left

    def forget(self, *nodes):
        self.gone.extend(n for n in nodes if n is not None)

    def remember(self, node):
        self.gone = [n for n in self.gone if n != node]

    def is_gone(self, node):
        return any(node == g for g in self.gone)

    def matches(self, node, name, roles, prefix):
        n = node_name(node)
        ok = n.startswith(name) if prefix else n == name
        return (ok and (roles is None or node_role(node) in roles)
                and has_size(node) and not self.is_gone(node))

    def find_now(self, name, roles=None, prefix=False):
        for node in walk(self.app):
            if self.matches(node, name, roles, prefix):
                return node
        return None

    def wait_for(self, name, roles=None, prefix=False, timeout=WAIT, what='node'):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            node = self.find_now(name, roles, prefix)
            if node is not None:
                return node
            time.sleep(0.25)
        dump(self.app)
        raise E2EFailure('no %s with accessible name %s%r on screen within %ds'
                         % (what, 'starting with ' if prefix else '', name, timeout))

    def wait_any(self, wanted, timeout=WAIT):
        """wanted: [(key, name, roles)]; the first one on screen wins."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in walk(self.app):
                for key, name, roles in wanted:
                    if self.matches(node, name, roles, False):
                        return key, node
            time.sleep(0.25)
        dump(self.app)
        raise E2EFailure('none of %r came on screen within %ds'
                         % ([w[1] for w in wanted], timeout))

    def wait_gone(self, name, roles=None, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.find_now(name, roles) is None:
                return
            time.sleep(0.25)
        dump(self.app)
        raise E2EFailure('%r still on screen after %ds' % (name, timeout))

    def wait_toplevels(self, n, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                if self.app.get_child_count() == n:
                    return
            except GLib.Error:
                pass
        dump(self.app)
        raise E2EFailure('the application still has %s windows after %ds, not %d'
                         % (self.app.get_child_count(), timeout, n))

    def wait_focused(self, node, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if is_focused(node):
                return True
            time.sleep(0.1)
        return False

    def focus(self, node):
        """Give @node the keyboard focus as a person would: click it."""
        if is_focused(node):
            return
        x, y, w, h = extents(node)
        rawinput.click(x + w // 2, y + h // 2)
        try:
            is_row = node.get_child_count() > 0
        except GLib.Error:
            is_row = False
        if is_row:                      # AdwEntryRow never reports FOCUSED
            time.sleep(0.3)
        else:
            self.wait_focused(node, 2.0)

    def type_into(self, name, text, submit=False, prefix=False):
        node = self.wait_for(name, TEXT_ROLES, prefix=prefix, what='entry')
        self.focus(node)
        rawinput.typeText(text)
        if submit:
            rawinput.pressKey('Return')
        return node

    def activate(self, node):
        try:
            action = node.get_action_iface()
        except (GLib.Error, AttributeError):
            action = None
        if action is not None:
            for i in range(action.get_n_actions()):
                if action.get_action_name(i) in ('click', 'activate', 'press', 'toggle'):
                    if action.do_action(i):
                        time.sleep(config.actionDelay)
                        return
        x, y, w, h = extents(node)    # no usable action: use the pointer
        rawinput.click(x + w // 2, y + h // 2)

    def press(self, name, prefix=False):
        node = self.wait_for(name, BUTTON_ROLES, prefix=prefix, what='button')
        deadline = time.monotonic() + WAIT
        while not has_state(node, Atspi.StateType.SENSITIVE):
            if time.monotonic() > deadline:
                dump(self.app)
                raise E2EFailure('button %r stayed insensitive for %ds' % (name, WAIT))
            time.sleep(0.1)
        self.activate(node)
        return node

    def choose(self, name, prefix=False):
        """Turn a toggle (tier, payment method) on; leave it on if it is."""
        node = self.wait_for(name, BUTTON_ROLES, prefix=prefix, what='toggle button')
        if not is_on(node):
            self.activate(node)
        deadline = time.monotonic() + WAIT
        while not is_on(node):
            if time.monotonic() > deadline:
                dump(self.app)
                raise E2EFailure('%r did not turn on' % name)
            time.sleep(0.1)
        return node


# ---------------------------------------------------------------------------
# The till: signing in, opening the day, the first run of a new till.

def wait_till(ui):
    """The till is ready when its search entry has the keyboard focus (the
    window focuses it whenever the till becomes idle). If the day is not
    open yet, the day dialog comes first: open it with a float of 100."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if ui.find_now('Opening float', TEXT_ROLES) is not None:
            open_day(ui)
            deadline = time.monotonic() + WAIT
            continue
        node = ui.find_now(SEARCH, TEXT_ROLES, prefix=True)
        if node is not None and is_focused(node):
            return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('no till search entry (accessible name %r) with the '
                     'keyboard focus within %ds' % (SEARCH, WAIT))


def open_day(ui):
    field = ui.type_into('Opening float', '100')
    ui.press('Open Day')
    # Watch the dialog's window go, not its widgets: GTK 4.8 answers a query
    # on a widget being destroyed with a broken object path, and the
    # application then vanishes from the AT-SPI tree.
    ui.forget(field)
    ui.wait_toplevels(1)
    log('opened the day with a float of 100')


def sign_in(ui):
    # One row per operator, ours preselected when it is the only one.
    row = ui.find_now(OPERATOR, BUTTON_ROLES)
    if row is not None and not is_on(row):
        ui.activate(row)
    pin = ui.type_into('PIN', PIN)
    button = ui.press('Sign In')
    return pin, button


def first_run(ui):
    """Creates the responsabile on a new till and waits for the till: the
    day dialog comes first, or the sign-in page if the app does not sign
    the new responsabile in by itself. Returns the till's search entry."""
    name = ui.type_into('Name', OPERATOR)
    pin = ui.type_into('PIN', PIN)
    repeat = ui.type_into('Repeat PIN', PIN)
    create = ui.press('Create')
    ui.forget(name, pin, repeat, create)      # the first-run page is done
    log('created the responsabile', OPERATOR)
    key, _ = ui.wait_any([('day', 'Opening float', TEXT_ROLES),
                          ('till', SEARCH, TEXT_ROLES),
                          ('sign-in', 'Sign In', BUTTON_ROLES)])
    if key == 'sign-in':
        ui.forget(*sign_in(ui))
    return wait_till(ui)


def pay_cash(ui, tendered):
    """Pays the cart in cash with @tendered cents (whole euros), waits for
    the change due, confirms, and starts a new sale from the receipt."""
    ui.press('Pay')
    ui.choose('Cash')
    ui.type_into('Amount tendered', '%d' % (tendered // 100))
    deadline = time.monotonic() + WAIT
    while not any(node_name(n).startswith('Change') for n in walk(ui.app)):
        if time.monotonic() > deadline:
            dump(ui.app)
            raise E2EFailure('the change due is not shown within %ds' % WAIT)
        time.sleep(0.25)
    ui.press('Confirm Payment')
    log('paid cash %d.00' % (tendered // 100))
    ui.press('New Sale')
    ui.wait_toplevels(1)
    wait_till(ui)


# ---------------------------------------------------------------------------
# disotto-punto itself.

def app_env(tmp):
    """The test's environment for the app, with private XDG directories
    under @tmp and the accessibility bridge on."""
    env = dict(os.environ)
    env['LANG'] = 'C.UTF-8'
    for var in ('LC_ALL', 'LANGUAGE', 'GTK_A11Y', 'NO_AT_BRIDGE'):
        env.pop(var, None)
    # Not fatal-criticals: GTK 4.8's AT-SPI bridge itself logs
    # "g_variant_is_object_path: assertion 'string != NULL' failed" when a
    # dialog goes away. Criticals of our own log domains fail the test (see
    # App.check_log).
    env.pop('G_DEBUG', None)
    env['GDK_BACKEND'] = 'x11'
    env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
    # Under `run-tests --asan`: GLib leaves its first quark block behind on
    # purpose once a process needs more than 2,048 quarks, and
    # tests/lsan.supp names that block by the loader frame it is allocated
    # under, which only the slow unwinder sees through GLib (built without
    # frame pointers). The GTK tests set the same in dis-test-app.c.
    if 'ASAN_OPTIONS' in env:
        env['ASAN_OPTIONS'] += ':fast_unwind_on_malloc=0'
    return env


def quit_app(proc):
    if proc.poll() is not None:
        return
    log('quitting with Ctrl+Q')
    key_combo('<Control>q')
    try:
        proc.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise E2EFailure('disotto-punto did not quit on Ctrl+Q within %ds' % WAIT)


class App:
    """disotto-punto started with @args in its own session, its output in
    @tmp/app.log. close() kills what still runs (the app, and the other
    processes given) and prints every output."""

    def __init__(self, args, env, tmp, others=()):
        self.log_file = open(os.path.join(tmp, 'app.log'), 'w+')
        self.others = list(others)     # [(name, Popen, log file)]
        self.proc = subprocess.Popen(args, env=env, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def quit(self):
        quit_app(self.proc)

    def check_exit(self):
        if self.proc.returncode != 0:
            raise E2EFailure('disotto-punto exited with status %d' % self.proc.returncode)

    def check_log(self, domains=APP_DOMAINS):
        self.log_file.seek(0)
        pattern = r'^\(disotto-punto:\d+\): (%s)-(CRITICAL|WARNING)' % domains
        ours = [l for l in self.log_file.read().splitlines() if re.match(pattern, l)]
        if ours:
            raise E2EFailure('disotto-punto logged:\n  ' + '\n  '.join(ours))

    def close(self):
        outputs = [('disotto-punto', self.proc, self.log_file)] + self.others
        for _, proc, _ in outputs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for name, _, f in outputs:
            f.seek(0)
            out = f.read()
            if out.strip():
                print('--- %s output ---' % name)
                print(out.rstrip())
                print('--- end of %s output ---' % name, flush=True)
            f.close()


# ---------------------------------------------------------------------------

def _terminated(signum, frame):
    raise E2EFailure('stopped by signal %d (the test ran out of time)' % signum)


def main(prefix, run, *args):
    """Runs @run(tmp, *args) in a fresh temporary directory; 0 on success."""
    # meson ends a test that runs out of time with SIGTERM, which by default
    # kills Python at once: the app, started in a session of its own, would
    # stay on the shared accessibility bus and every later test would find
    # it there instead of its own. As an exception, the App's close() runs.
    signal.signal(signal.SIGTERM, _terminated)
    for var in ('DIS_PUNTO', 'DIS_DEMO_DIR', 'DISPLAY'):
        if not os.environ.get(var):
            print('e2e: %s is not set (run through meson test inside '
                  'build-aux/run-tests)' % var, file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        started = time.monotonic()
        try:
            run(tmp, *args)
        except E2EFailure as e:
            print('e2e: FAIL: %s' % e, file=sys.stderr, flush=True)
            return 1
        log('PASS in %.1fs' % (time.monotonic() - started))
    return 0
