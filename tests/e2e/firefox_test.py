#!/usr/bin/env python3
"""The web client in Debian's Firefox ESR, headless, driven over WebDriver BiDi: the W3C
protocol Firefox speaks itself on --remote-debugging-port, so no geckodriver (which Debian does
not package) is needed. The client here is a few BiDi commands over a WebSocket
(python3-websocket).

A reader signs in, reads the programme in the event's time zone and an issued document; the
floor of the plenary follows the chair's calls without a reload (the change feed streamed with
fetch). Any uncaught error in the page fails the test.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Server, ctl  # noqa: E402

import websocket  # noqa: E402  (python3-websocket)

ARGS = None


class Firefox:
    """One headless Firefox with a fresh profile, and a BiDi session on its one tab."""

    def __init__(self):
        self.profile = tempfile.TemporaryDirectory()
        # Its output goes to a file, never to a pipe nobody reads (which would stall it).
        self.log_path = os.path.join(self.profile.name, "firefox.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [ARGS.firefox, "--headless", "--no-remote", "--profile", self.profile.name,
             "--remote-debugging-port=0", "about:blank"],
            stdout=self.log, stderr=subprocess.STDOUT)
        url = None
        deadline = time.time() + 60
        while url is None and time.time() < deadline and self.proc.poll() is None:
            with open(self.log_path) as f:
                found = re.search(r"WebDriver BiDi listening on (ws://\S+)", f.read())
            if found:
                url = found.group(1)
            else:
                time.sleep(0.1)
        if url is None:
            self.proc.kill()
            raise RuntimeError("Firefox did not open its BiDi port")
        # Firefox refuses WebSocket handshakes that carry an Origin it was not told of.
        self.ws = websocket.create_connection(url + "/session", timeout=30, suppress_origin=True)
        self.next_id = 0
        self.errors = []
        self.command("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": False}})
        self.command("session.subscribe", events=["log.entryAdded"])
        self.context = self.command("browsingContext.getTree")["contexts"][0]["context"]

    def command(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "log.entryAdded":
                entry = message["params"]
                # Uncaught exceptions of the page's own code; a refused call the page handles
                # is not one.
                if entry.get("type") == "javascript" and entry.get("level") == "error":
                    self.errors.append(entry.get("text"))
                continue
            if message.get("id") != self.next_id:
                continue
            if message.get("type") == "error":
                raise RuntimeError("%s: %s %s" % (method, message.get("error"),
                                                  message.get("message")))
            return message["result"]

    def go(self, url):
        self.command("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def run(self, expression):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.command("script.evaluate", expression=expression,
                              target={"context": self.context}, awaitPromise=True)
        if result.get("type") == "exception":
            raise RuntimeError(result["exceptionDetails"]["text"])
        return result["result"].get("value")

    def text(self, css):
        return self.run("document.querySelector(%s)?.textContent ?? ''" % json.dumps(css))

    def wait_text(self, css, text, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if text in self.text(css):
                return
            time.sleep(0.2)
        raise AssertionError("%r never showed %r; it shows %r" % (css, text, self.text(css)))

    def close(self):
        try:
            self.command("session.end")
        except Exception:  # noqa: BLE001  Firefox may go before it answers
            pass
        self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        self.profile.cleanup()


class WebClientInFirefox(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = Server(cls.tmp.name)
        cls.server.start()
        s = cls.server
        ctl(s, "events", "create", "ff-2027", "--title", "Consultation on return and readmission",
            "--kind", "consultation", "--venue", "Palais des Nations, Geneva", "--time-zone",
            "Europe/Zurich", "--start", "2027-06-14", "--end", "2027-06-15", "--state",
            "open-for-registration")
        ctl(s, "sessions", "create", "ff-2027", "--number", "1", "--start", "2027-06-14T10:00",
            "--end", "2027-06-14T13:00", "--title", "Opening plenary")
        for code in ("fra", "sen"):
            ctl(s, "delegations", "register", "ff-2027", code, "--head", "Head", "--rank",
                "minister")
            ctl(s, "speakers", "inscribe", "ff-2027", code, "--level", "minister")
        cls.reader = re.search(r"forum_[A-Za-z0-9_-]+", ctl(
            s, "tokens", "create", "--name", "Observer", "--role", "reader").stdout).group(0)
        cls.base = "http://127.0.0.1:%d/" % s.http_port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.browser = Firefox()

    def tearDown(self):
        errors = self.browser.errors
        self.browser.close()
        self.assertEqual(errors, [], "the page threw")

    def sign_in(self, secret):
        b = self.browser
        b.go(self.base)
        b.wait_text("main h1", "Sign in")
        self.assertEqual(b.run("document.querySelector('input[name=token]').type"), "password")
        b.run("document.querySelector('input[name=token]').value = %s; "
              "document.querySelector('form').requestSubmit(); true" % json.dumps(secret))
        b.wait_text("main h1", "Welcome")

    def test_a_reader_reads_the_programme_and_an_issued_document(self):
        b = self.browser
        self.sign_in(self.reader)
        b.go(self.base + "#/events/ff-2027")
        b.wait_text("main", "Opening plenary")
        b.wait_text("main", "10:00")  # in the event's zone, whatever the browser's
        b.go(self.base + "#/events/hld-2006/documents/chair-summary")
        b.wait_text("main", "A/61/515")
        self.assertGreaterEqual(b.run("document.querySelectorAll('main section h2').length"), 17)
        body = b.text("body")
        for slip in ("undefined", "[object", "NaN"):
            self.assertNotIn(slip, body)

    def test_the_floor_follows_the_room_without_a_reload(self):
        b = self.browser
        self.sign_in(self.reader)
        b.go(self.base + "#/events/ff-2027/floor/plenary")
        b.wait_text("#current-speaker", "Nobody has the floor")
        b.wait_text("#live", "Live")
        b.run("window.stillTheSamePage = true")
        ctl(self.server, "speakers", "next", "ff-2027", "--meeting", "meeting-1")
        first = json.loads(ctl(self.server, "-o", "json", "speakers", "floor",
                               "ff-2027").stdout)["current"]["display_name"]
        b.wait_text("#current-speaker", first)
        ctl(self.server, "speakers", "next", "ff-2027")
        second = json.loads(ctl(self.server, "-o", "json", "speakers", "floor",
                                "ff-2027").stdout)["current"]["display_name"]
        self.assertNotEqual(first, second)
        b.wait_text("#current-speaker", second)
        self.assertTrue(b.run("window.stillTheSamePage === true"), "the page was reloaded")

    def test_a_wrong_token_is_refused_and_nothing_is_kept(self):
        b = self.browser
        b.go(self.base)
        b.wait_text("main h1", "Sign in")
        b.run("document.querySelector('input[name=token]').value = 'forum_000000000000_wrong'; "
              "document.querySelector('form').requestSubmit(); true")
        b.wait_text("#status", "token")
        self.assertIsNone(b.run("sessionStorage.getItem('forum.token')"))


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    parser.add_argument("--firefox", default="/usr/bin/firefox-esr")
    ARGS, rest = parser.parse_known_args()
    e2e_test.ARGS = ARGS
    e2e_test.load_protos(ARGS.python_protos)
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
