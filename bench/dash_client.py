"""A small Dash client: what the browser's renderer sends, without a browser.

It reads ``/_dash-layout`` and ``/_dash-dependencies``, keeps every component prop in a
dict, and when a prop changes it POSTs ``/_dash-update-component`` for each server callback
that has it as an input — then for the callbacks the answers trigger in turn (chains),
as dash-renderer does. Each POST is timed on loopback and its bytes counted, so an
interaction ("change occupation", "click a country") is the sum of the requests it causes.

Limits (stated, not hidden): clientside callbacks are not run (their outputs do not
chain); pattern-matching inputs (dict ids with ALL/MATCH) are filled with every matching
component known; a ``dash.Patch`` answer is kept as the patch, not applied.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

import requests

PATCH_MARK = "__dash_patch_update"
_WILDCARDS = ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]')


def id_key(component_id: Any) -> str:
    """The string Dash uses for an id: as is, or a dict id as compact JSON with sorted keys."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _split_output(output: str) -> list[tuple[str, str]]:
    """"id.prop" or "..a.p...b.q.." -> [(id, prop), ...] (dict ids contain dots only inside JSON)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    pairs = []
    for part in parts:
        cut = part.rfind(".")
        # Keep "prop@hash" (allow_duplicate): the renderer sends it so, and the server strips it.
        pairs.append((part[:cut], part[cut + 1:]))
    return pairs


@dataclass
class Callback:
    output: str
    outputs: list[tuple[str, str]]
    inputs: list[dict]
    state: list[dict]
    prevent_initial_call: bool
    clientside: bool

    def produced(self) -> set[tuple[str, str]]:
        return {(i, p.split("@")[0]) for i, p in self.outputs}

    def input_keys(self) -> set[tuple[str, str]]:
        return {(id_key(i["id"]), i["property"]) for i in self.inputs}

    @property
    def pattern(self) -> bool:
        return any(isinstance(d["id"], dict) for d in [*self.inputs, *self.state])


@dataclass
class Request:
    output: str
    ms: float
    status: int
    wire_bytes: int
    body_bytes: int
    response: dict | None


@dataclass
class Interaction:
    requests: list[Request] = field(default_factory=list)

    @property
    def ms(self) -> float:
        """Server time of the interaction: the sum of its requests (loopback round trips)."""
        return sum(r.ms for r in self.requests)

    @property
    def wire_bytes(self) -> int:
        return sum(r.wire_bytes for r in self.requests)

    @property
    def errors(self) -> list[Request]:
        return [r for r in self.requests if r.status not in (200, 204)]


class DashClient:
    """One simulated browser tab against a running Dash app."""

    def __init__(self, base_url: str, *, session: requests.Session | None = None, timeout: float = 30,
                 fetch_page: bool = False):
        self.base = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.timeout = timeout
        self.props: dict[tuple[str, str], Any] = {}
        self.ids: dict[str, Any] = {}
        self.types: dict[str, str] = {}
        if fetch_page:
            self.http.get(self.base + "/", timeout=timeout).raise_for_status()
        layout = self.http.get(self.base + "/_dash-layout", timeout=timeout)
        layout.raise_for_status()
        self.layout = layout.json()
        deps = self.http.get(self.base + "/_dash-dependencies", timeout=timeout)
        deps.raise_for_status()
        self.callbacks = [
            Callback(
                output=d["output"],
                outputs=_split_output(d["output"]),
                inputs=d.get("inputs", []),
                state=d.get("state", []),
                prevent_initial_call=bool(d.get("prevent_initial_call")),
                clientside=bool(d.get("clientside_function")),
            )
            for d in deps.json()
        ]
        self._register(self.layout)

    # -- the component tree --------------------------------------------------------------

    def _register(self, node: Any) -> list[str]:
        """Record every prop of every component with an id under ``node``; the ids found."""
        found: list[str] = []
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict) and "props" in item and "type" in item:
                props = item.get("props") or {}
                if "id" in props:
                    key = id_key(props["id"])
                    self.ids[key] = props["id"]
                    self.types[key] = f"{item.get('namespace')}.{item['type']}"
                    for prop, value in props.items():
                        self.props[(key, prop)] = value
                    found.append(key)
                for value in props.values():
                    if isinstance(value, (dict, list)):
                        stack.append(value)
        return found

    def find_ids(self, *, contains: str = "", type_name: str = "") -> list[str]:
        return [k for k, t in self.types.items() if contains in k and type_name in t]

    # -- firing callbacks ----------------------------------------------------------------

    def _matching(self, spec: dict) -> list[str]:
        component_id = spec["id"]
        if not isinstance(component_id, dict):
            return [id_key(component_id)]
        fixed = {k: v for k, v in component_id.items() if json.dumps(v) not in _WILDCARDS}
        return [k for k, real in self.ids.items()
                if isinstance(real, dict) and real.keys() == component_id.keys()
                and all(real[f] == v for f, v in fixed.items())]

    def _values(self, specs: Iterable[dict]) -> list:
        values = []
        for spec in specs:
            matches = self._matching(spec)
            entries = [{"id": self.ids.get(k, spec["id"]), "property": spec["property"],
                        "value": self.props.get((k, spec["property"]))} for k in matches]
            values.append(entries if isinstance(spec["id"], dict) else entries[0])
        return values

    def _post(self, callback: Callback, changed: list[str]) -> Request:
        outputs = [{"id": self.ids.get(i, i), "property": p} for i, p in callback.outputs]
        body = {
            "output": callback.output,
            "outputs": outputs if callback.output.startswith("..") else outputs[0],
            "inputs": self._values(callback.inputs),
            "changedPropIds": changed,
            "state": self._values(callback.state),
        }
        start = time.perf_counter()
        answer = self.http.post(self.base + "/_dash-update-component", json=body, timeout=self.timeout)
        ms = (time.perf_counter() - start) * 1000
        wire = int(answer.headers.get("Content-Length") or len(answer.content))
        data = None
        if answer.status_code == 200:
            try:
                data = answer.json()
            except ValueError:
                data = None
        return Request(callback.output, ms, answer.status_code, wire, len(answer.content), data)

    def set_props(self, changes: dict[tuple[str, str], Any], *, initial: bool = False) -> Interaction:
        """Change props as a user would and run every server callback that follows."""
        for key, value in changes.items():
            self.props[key] = value
        interaction = Interaction()
        changed: set[tuple[str, str]] = set(changes)
        pending: dict[int, set[str]] = {}
        self._queue(pending, changed, initial=initial)
        done = 0
        while pending and done < 100:  # bounded: a cycle must not hang the benchmark
            # Run first the callbacks none of whose inputs another pending callback still produces.
            produced = {o for i in pending for o in self.callbacks[i].produced()}
            ready = [i for i in pending if not (self.callbacks[i].input_keys() & produced)] or list(pending)
            index = ready[0]
            triggers = sorted(pending.pop(index))
            request = self._post(self.callbacks[index], triggers)
            interaction.requests.append(request)
            done += 1
            updated, new_ids = self._apply(request)
            # A callback's own outputs never re-trigger it (Dash allows URL <-> controls cycles this way).
            self._queue(pending, updated, initial=False, new_ids=new_ids, source=index)
        return interaction

    def _queue(self, pending: dict[int, set[str]], changed: set[tuple[str, str]], *, initial: bool,
               new_ids: Iterable[str] = (), source: int | None = None) -> None:
        new_ids = set(new_ids)
        for index, callback in enumerate(self.callbacks):
            if callback.clientside or index == source:
                continue
            keys = callback.input_keys()
            hits = {f"{i}.{p}" for i, p in keys & changed}
            if initial or (new_ids and {i for i, _ in keys} & new_ids):
                # Page load, or inputs newly rendered: the renderer's initial call.
                if not callback.prevent_initial_call and all(self._matching(s) for s in callback.inputs):
                    hits |= {f"{i}.{p}" for i, p in keys if initial or i in new_ids}
            if hits:
                pending.setdefault(index, set()).update(hits)

    def _apply(self, request: Request) -> tuple[set[tuple[str, str]], list[str]]:
        """Store an answer's props; the props updated and the ids of components it rendered."""
        updated: set[tuple[str, str]] = set()
        new_ids: list[str] = []
        if not request.response:
            return updated, new_ids
        for component, props in (request.response.get("response") or {}).items():
            for prop, value in props.items():
                self.props[(component, prop)] = value
                updated.add((component, prop))
                if isinstance(value, (dict, list)) and not (isinstance(value, dict) and PATCH_MARK in value):
                    new_ids += self._register(value)
        return updated, new_ids

    def page_load(self) -> Interaction:
        """The callbacks the renderer fires when the page opens.

        Besides the initial calls, a ``dcc.Location`` reports the browser's URL when it
        mounts (pathname, search, hash, href): those props count as changed.
        """
        changes = {}
        for key, kind in self.types.items():
            if kind.endswith(".Location"):
                for prop, value in (("pathname", "/"), ("search", ""), ("hash", ""), ("href", self.base + "/")):
                    changes[(key, prop)] = value
        return self.set_props(changes, initial=True)


def output_value(interaction: Interaction, component: str, prop: str) -> tuple[Any, int] | None:
    """The last value an interaction returned for one output, with its size in JSON bytes."""
    for request in reversed(interaction.requests):
        props = ((request.response or {}).get("response") or {}).get(component) or {}
        if prop in props:
            value = props[prop]
            return value, len(json.dumps(value, separators=(",", ":")).encode())
    return None
