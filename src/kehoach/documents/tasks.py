"""Sections and tasks: each actionable item with its lead units, support units and deadline.

Who leads a task is read, in this order of preference:
1. a label: "Tổ chức thực hiện: X …", "Cơ quan chủ trì: X", "Đơn vị thực hiện: X";
2. "Giao X …", "Đề nghị X …";
3. the subject of the sentence: the words before its first verb, when they name bodies
   ("Ban Tuyên giáo Huyện ủy chủ động tham mưu …", "X chủ trì, phối hợp với Y …");
4. the unit heading the item sits under ("1. Ban Tuyên giáo Huyện ủy" under TỔ CHỨC THỰC HIỆN).
Support units: "phối hợp (với) Y", "Cơ quan phối hợp: Y". Bodies that are advised
("tham mưu Ban Thường vụ …") or inspected ("Đối tượng kiểm tra: …") are not units of the task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kehoach.documents import lexicon
from kehoach.documents.layout import SECTION_HEADING, Line, Text
from kehoach.documents.model import Deadline, Section, Task, UnitMention
from kehoach.documents.normalise import match_text

ITEM = re.compile(r"^\s*(?:[-+•–*]|\(\d+\)|\d+\s*[-–])\s+")
NOT_ACTIONABLE = re.compile(
    r"^(?:mục\s+đích|yêu\s+cầu|mục\s+tiêu|quan\s+điểm|đặc\s+điểm|tình\s+hình|kết\s+quả|đánh\s+giá|căn\s+cứ|"
    r"cơ\s+sở|ý\s+nghĩa|sự\s+cần\s+thiết|nội\s+dung\s+chuyên\s+đề|tài\s+liệu)"
)
LABEL = re.compile(
    r"^(?P<label>tổ\s+chức\s+thực\s+hiện|(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+(?:chủ\s+trì|thực\s+hiện|tham\s+mưu|thường\s+trực)|"
    r"chủ\s+trì(?:\s+thực\s+hiện)?|trách\s+nhiệm(?:\s+thực\s+hiện)?|người\s+thực\s+hiện|"
    r"(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+phối\s+hợp|phối\s+hợp(?:\s+thực\s+hiện)?|"
    r"thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|tổ\s+chức))?|thời\s+hạn(?:\s+hoàn\s+thành)?|"
    r"đối\s+tượng(?:\s+kiểm\s+tra|\s+giám\s+sát)?|thành\s+phần|địa\s+điểm|hình\s+thức|nội\s+dung|kinh\s+phí|"
    r"sản\s+phẩm|phương\s+pháp|phạm\s+vi)\s*:\s*"
)
INTRO = re.compile(
    r"^(?:căn\s+cứ|trên\s+cơ\s+sở|sau\s+khi|sau|trong|đối\s+với|để|nhằm|theo|qua|ngoài\s+ra|đồng\s+thời|"
    r"bên\s+cạnh\s+đó|thông\s+qua|từ|trước|khi|chậm\s+nhất|ngày\s+\d|hằng|hàng|định\s+kỳ|tại|ở|với|nếu|"
    r"trường\s+hợp|trong\s+trường\s+hợp|thời\s+gian)\b"
)
GIAO = re.compile(r"^(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|phân\s+công(?:\s+cho)?|ủy\s+quyền(?:\s+cho)?)\s+")
# The same words later in the sentence ("Để …, đề nghị Thủ trưởng các cơ quan … triển khai").
GIAO_INSIDE = re.compile(r"(?:,|;|\bvà)\s+(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu)\s+")
AGENT = re.compile(r"\bdo\s+(?=.{3,80}?\s(?:phân\s+công|chủ\s+trì|chịu\s+trách\s+nhiệm)\b)")
_ADDRESS = re.compile(
    r"(?:trân\s+trọng\s+)?(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?|thông\s+báo(?:\s+(?:để|cho|tới|đến))?)\s+(?:cho\s+|để\s+)?"
)
SUPPORT = re.compile(r"(?:,\s*)?(?:phối\s+hợp|kết\s+hợp)(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+")
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ])|(?<=[.;])\s+(?=[-–]\s)")
# Bare generic nouns that continue a list rather than start a new body ("…, cơ quan, đơn vị").
_TAILS = {"đơn vị", "địa phương", "cơ quan", "ngành", "doanh nghiệp"}
_MAX_SUBJECT_WORDS = 40
_MAX_PIECE_WORDS = 16


@cache
def _heads_rx() -> re.Pattern[str]:
    alt = "|".join(re.escape(h) for h in lexicon.unit_heads())
    return re.compile(rf"^(?:{alt})(?![\w])")


@cache
def _verbs_rx() -> re.Pattern[str]:
    alt = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in lexicon.task_verbs())
    return re.compile(rf"(?<![\w/])(?:{alt})(?![\w])")


_SPECIFIC_HEAD = re.compile(
    r"^(?:ban|phòng|trung\s+tâm|ủy\s+ban|ubnd|đảng\s+ủy|sở|văn\s+phòng|đoàn|hội|công\s+an|huyện\s+đoàn|"
    r"thành\s+đoàn|tỉnh\s+đoàn|liên\s+đoàn|công\s+đoàn|mặt\s+trận|ubmttq|chi\s+bộ|đảng\s+bộ|trường|viện|"
    r"cục|chi\s+cục|thanh\s+tra|kho\s+bạc|bảo\s+hiểm|ngân\s+hàng|đài|báo|cá\s+nhân|đại\s+diện|chỉ\s+huy)(?![\w])"
)


_PERSONS = re.compile(r"^(?:hội|đoàn)\s+viên\b")
# Head words that also begin ordinary words: "Hội nghị", "Trường hợp", "Ban hành", "Báo cáo".
_NOT_A_BODY = re.compile(
    r"^(?:hội\s+(?:nghị|thảo|thi|diễn)|trường\s+hợp|ban\s+hành|báo\s+cáo|đoàn\s+kết|viện\s+dẫn|"
    r"chủ\s+tịch\s+hồ\s+chí\s+minh|cơ\s+quan\s+có\s+thẩm\s+quyền\s+(?:quyết|ban)|đồng\s+chí\s+(?:nhất|ý))(?![\w])"
)
# Quantifiers start a body only when a body or a group of people follows: "Các cấp ủy", "Mỗi cán bộ".
_QUANTIFIER = re.compile(r"^(?:các|mỗi|từng|toàn\s+thể|những|tất\s+cả)\s+(?:các\s+)?")
_GROUPS = re.compile(
    r"^(?:cán\s+bộ|đảng\s+viên|công\s+chức|viên\s+chức|thành\s+viên|đoàn\s+viên|hội\s+viên|ngành|"
    r"địa\s+phương|xã|phường|thôn|bản|tổ\s+dân\s+phố|khu\s+dân\s+cư|cấp|doanh\s+nghiệp|đơn\s+vị|cơ\s+quan|"
    r"tổ\s+chức|đồng\s+chí|chiến\s+sỹ|chiến\s+sĩ|người|hộ|trường|lực\s+lượng|chuyên\s+viên|giáo\s+viên|"
    r"đoàn\s+thể|ủy\s+viên|cá\s+nhân|thủ\s+trưởng|lãnh\s+đạo)(?![\w])"
)


def starts_unit(mpiece: str) -> bool:
    s = mpiece.strip(" (")
    if not _heads_rx().match(s) or s in _TAILS or _PERSONS.match(s) or _NOT_A_BODY.match(s):
        return False
    q = _QUANTIFIER.match(s)
    if q:
        rest = s[q.end() :]
        return bool(rest) and (
            bool(_GROUPS.match(rest)) or (bool(_heads_rx().match(rest)) and not _NOT_A_BODY.match(rest))
        )
    return True


@dataclass
class _Para:
    start: int
    end: int
    section: Section | None
    item: bool
    label: str | None
    marker: str


# In a report (báo cáo) the results record what was done; only these sections assign work.
REPORT_ACTIONABLE = re.compile(
    r"^(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|nhiệm\s+vụ|giải\s+pháp|phương\s+hướng|kế\s+hoạch|"
    r"tổ\s+chức\s+thực\s+hiện|định\s+hướng)"
)


def find_tasks(
    t: Text, body_start: int, body_end: int, deadlines: list[Deadline], kind: str | None = None
) -> tuple[list[Section], list[Task]]:
    sections, paras = _structure(t, body_start, body_end)
    ancestry = _ancestries(sections)  # once: a paragraph asks about its section's line many times
    tasks: list[Task] = []
    counters: dict[str, int] = {}
    heading_units: dict[str, list[UnitMention]] = {}
    for heading in _walk(sections):
        found_units = _heading_units(t, heading)
        if found_units:
            heading_units[heading.number] = found_units
    last_task: Task | None = None
    for p in paras:
        sec = p.section
        if sec is None and sections:
            continue  # the preamble ("Thực hiện …, Ban Thường vụ … ban hành kế hoạch") assigns nothing
        if kind == "BC" and not (
            sec is not None
            and any(REPORT_ACTIONABLE.match(t.mtext[x.span[0] : x.span[1]]) for x in ancestry[id(sec)])
        ):
            continue
        purpose = sec is not None and _skip_section(t, ancestry[id(sec)])
        m_para = t.mtext[p.start : p.end]
        if p.label and last_task is not None:
            _apply_label(t, p, last_task, deadlines)
            continue
        lead, support, rule = _read_units(t, p.start, p.end)
        if purpose and (not lead or rule.startswith("subject after")):
            continue  # purposes and requirements: only a body named as the subject is made responsible
        inherited = False
        if not lead and sec is not None:
            for anc in ancestry[id(sec)]:
                if anc.number in heading_units:
                    lead, inherited = list(heading_units[anc.number]), True
                    rule = f"unit heading {anc.number}"
                    break
        deadline = next((d for d in deadlines if p.start <= d.span[0] < p.end and d.due), None)
        if not (lead or deadline or p.item or p.label):
            continue
        if not lead and not deadline and len(m_para) < 25:
            continue
        key = sec.number if sec else "0"
        counters[key] = counters.get(key, 0) + 1
        task_id = f"{key}.{counters[key]}" if sec else str(counters[key])
        text, span = t.cut(p.start, p.end)
        task = Task(
            id=task_id,
            section=sec.number if sec else None,
            text=text,
            span=span,
            lead=lead,
            support=support,
            deadline=deadline,
            rule=rule or "item in an actionable section",
        )
        if p.label:
            _apply_label(t, p, task, deadlines)
        if inherited:
            task.rule += " (inherited)"
        tasks.append(task)
        last_task = task
    # A unit heading with no item under it is a task of its own.
    covered = {u.span for task in tasks for u in task.lead}
    for heading in _walk(sections):
        own_units = heading_units.get(heading.number)
        if (
            own_units
            and not any(u.span in covered for u in own_units)
            and not _skip_section(t, ancestry[id(heading)])
        ):
            text, span = t.cut(*heading.span)
            tasks.append(
                Task(
                    id=f"{heading.number}.0",
                    section=heading.number,
                    text=text,
                    span=span,
                    lead=own_units,
                    rule="unit heading under the implementation section",
                )
            )
    tasks.sort(key=lambda x: x.span[0])
    return sections, tasks


# --- structure ------------------------------------------------------------------------------

_RANKS = {"roman": 1, "arabic1": 2, "arabic2": 3, "arabic3": 4, "letter": 5}


def _structure(t: Text, body_start: int, body_end: int) -> tuple[list[Section], list[_Para]]:
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    paras: list[_Para] = []
    for ln in t.lines:
        if ln.start < body_start or ln.start >= body_end or not ln.text.strip():
            continue
        hm = SECTION_HEADING.match(ln.text)
        if hm:
            style, own = _style(hm)
            rank = _RANKS[style]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1] if stack else None
            number = f"{parent.number}.{own}" if parent else own
            heading, span = _heading(t, ln, hm.end())
            sec = Section(number=number, heading=heading, span=span, level=rank, rule=f"{style} heading")
            (parent.children if parent else roots).append(sec)
            stack.append((rank, sec))
            rest = t.mtext[ln.start + hm.end() : ln.end]
            long_with_verb = len(rest) > 90 and _verbs_in(t, ln.start + hm.end(), ln.end)
            if (
                len(rest) > len(heading) + 5
                or long_with_verb
                or SENTENCE.search(t.text, ln.start + hm.end(), ln.end)
                or ((starts_unit(rest) or GIAO.match(rest)) and _verbs_in(t, ln.start + hm.end(), ln.end))
            ):
                paras.append(_Para(ln.start + hm.end(), ln.end, sec, True, None, own))
            continue
        current = stack[-1][1] if stack else None
        im = ITEM.match(ln.text)
        content_start = ln.start + (im.end() if im else 0)
        lm = LABEL.match(t.mtext[content_start : ln.end])
        paras.append(
            _Para(
                content_start,
                ln.end,
                current,
                bool(im),
                lm["label"] if lm else None,
                im.group(0).strip() if im else "",
            )
        )
    return roots, paras


def _style(hm: re.Match[str]) -> tuple[str, str]:
    if hm["roman"]:
        return "roman", hm["roman"]
    if hm["arabic"]:
        depth = hm["arabic"].count(".")
        return f"arabic{min(depth, 2) + 1}", hm["arabic"].split(".")[-1] if depth else hm["arabic"]
    return "letter", hm["letter"]


def _heading(t: Text, ln: Line, offset: int) -> tuple[str, tuple[int, int]]:
    start = ln.start + offset
    rest = t.text[start : ln.end]
    if len(rest) > 160:
        m = re.search(r"[:.](?:\s|$)", rest)
        cut = m.start() if m and m.start() < 200 else 160
        return t.cut(start, start + cut)
    return t.cut(start, ln.end)


def _walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(_walk(s.children))
    return out


def _ancestries(roots: list[Section]) -> dict[int, list[Section]]:
    """For each section (by id), the section and its ancestors, nearest first."""
    out: dict[int, list[Section]] = {}

    def visit(nodes: list[Section], trail: list[Section]) -> None:
        for n in nodes:
            out[id(n)] = [n, *trail]
            visit(n.children, [n, *trail])

    visit(roots, [])
    return out


def _skip_section(t: Text, line: list[Section]) -> bool:
    """A section under "Mục đích", "Yêu cầu" … (``line``: the section and its ancestors)."""
    return any(NOT_ACTIONABLE.match(t.mtext[s.span[0] : s.span[1]]) for s in line)


def _heading_units(t: Text, sec: Section) -> list[UnitMention]:
    """A heading that is itself the name of bodies ("1. Ban Tuyên giáo Huyện ủy")."""
    a, b = sec.span
    m = t.mtext[a:b]
    if sec.level < 2 or not starts_unit(m) or len(m.split()) > 30 or _verbs_in(t, a, b):
        return []
    units = split_units(t, a, b)
    for u in units:
        u.rule = "unit heading"
    return units


def _verbs_in(t: Text, a: int, b: int) -> bool:
    """A lower-case verb in the span (unit names write their verbs capitalised: "Ban Tổ chức")."""
    return _first_verb(t, a, b) is not None


# --- units ----------------------------------------------------------------------------------


def _read_units(t: Text, start: int, end: int) -> tuple[list[UnitMention], list[UnitMention], str]:
    lead: list[UnitMention] = []
    support: list[UnitMention] = []
    rule = ""
    for s_start, s_end in _sentences(t, start, end):
        found, sup, r = _sentence_units(t, s_start, s_end)
        for u in found:
            if not any(_same(u, x) for x in lead):
                lead.append(u)
        for u in sup:
            if not any(_same(u, x) for x in support):
                support.append(u)
        rule = rule or r
    return lead, support, rule


def _same(a: UnitMention, b: UnitMention) -> bool:
    return a.name.casefold() == b.name.casefold()


def _sentences(t: Text, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in SENTENCE.finditer(t.text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _blank_brackets(s: str) -> str:
    """Replace (…) groups by spaces, keeping offsets."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), s)


def _sentence_units(t: Text, a: int, b: int) -> tuple[list[UnitMention], list[UnitMention], str]:
    m = _blank_brackets(t.mtext[a:b])
    lm = LABEL.match(m)
    if lm:
        return [], [], ""
    gm = GIAO.match(m)
    offset = gm.end() if gm else 0
    verb = _first_verb(t, a + offset, b)
    if verb is None:
        return [], [], ""
    v_start, v_end = verb
    subject_end = v_start
    clause = m[offset : v_start - a]
    lead: list[UnitMention] = []
    rule = ""
    if re.search(r"\bđược\s+mời\b", m) or re.match(
        r"được\s+(?!giao|phân\s+công|ủy\s+quyền)", m[v_start - a :]
    ):
        return [], [], ""  # "… được mời tham dự", "… được giới thiệu": guests and candidates, not responsible
    addressed = _ADDRESS.match(m, v_start - a)
    if addressed and starts_unit(m[addressed.end() :]):
        # "UBND tỉnh yêu cầu các Sở …", "Sở Công Thương thông báo để Công ty …": the addressee acts.
        nv = _first_verb(t, a + addressed.end(), b)
        if nv:
            lead = split_units(t, a + addressed.end(), nv[0])
            return lead, [], f"addressee of '{addressed.group(0).strip()}'"
    if ":" in clause:
        head_m = re.match(r"([^:]{3,160}):\s", m)
        if head_m and starts_unit(head_m.group(1)) and len(head_m.group(1).split()) <= 20:
            # "Đảng ủy xã, phường và các đảng ủy khác trực thuộc Thành ủy: Lập danh sách …"
            return split_units(t, a, a + head_m.end(1)), [], "bodies named before a colon"
        return [], [], ""  # a label ("Chỉ huy nổ mìn: …"), not a subject
    if starts_unit(clause) and len(clause.split()) <= _MAX_SUBJECT_WORDS:
        lead = split_units(t, a + offset, subject_end)
        rule = "Giao/Đề nghị + subject" if gm else "subject before the first verb"
    elif INTRO.match(clause) or gm:
        lead = _walk_back(t, a + offset, subject_end)
        rule = "subject after an introductory clause" if lead else ""
    if not lead:
        for rx, why in ((GIAO_INSIDE, "đề nghị/giao inside the sentence"), (AGENT, "agent after 'do'")):
            im = rx.search(m, offset)
            if im and starts_unit(m[im.end() :]):
                nv = _first_verb(t, a + im.end(), b)
                if nv and len(m[im.end() : nv[0] - a].split()) <= _MAX_SUBJECT_WORDS:
                    lead = split_units(t, a + im.end(), nv[0])
                    rule = why
                    v_start, v_end = nv
                    break
    support: list[UnitMention] = []
    if lead:
        sm = SUPPORT.search(m, v_start - a)
        if sm and sm.start() <= v_end - a + 2:
            s_from = a + sm.end()
            nxt = _first_verb(t, s_from, b)
            s_to = nxt[0] if nxt else b
            seg = t.mtext[s_from:s_to]
            stop = re.search(r"[;.:]|\s(?:để|nhằm|trong|theo)\s", seg)
            if stop:
                s_to = s_from + stop.start()
            if starts_unit(t.mtext[s_from:s_to]):
                support = split_units(t, s_from, s_to)
                for u in support:
                    u.rule = "phối hợp với …"
    return lead, support, rule


# Words that are verbs or nouns: "tổ chức học tập" (organise) / "các tổ chức đảng" (organisations),
# "lãnh đạo, chỉ đạo" (lead) / "lãnh đạo cơ quan" (the leadership of a body).
_NOUN_BEFORE = re.compile(r"(?:các|mỗi|những|từng|và|là|của|người|cán\s+bộ)\s+$")
_NOUN_AFTER = {
    "tổ chức": re.compile(
        r"\s*[,;)]|\s+và\s|\s+(?:cơ\s+sở|đảng|chính\s+trị|đoàn\s+thể|hội(?!\s+(?:nghị|thảo|thi|diễn|giảng|chợ))|thành\s+viên|quần\s+chúng|tôn\s+giáo|xã\s+hội|"
        r"kinh\s+tế|có\s+liên\s+quan|liên\s+quan|hành\s+chính|khác)"
    ),
    "lãnh đạo": re.compile(
        r"\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương|chủ\s+chốt|các\s+cấp|ban|sở|phòng|ubnd|ủy\s+ban|đảng\s+ủy|chính\s+quyền|cấp\s+ủy|quản\s+lý)"
    ),
}


_BARE_HEAD = re.compile(
    r"(?:(?:các|mỗi|từng)\s+)?(?:đoàn|tổ|ban|hội\s+đồng|ủy\s+ban|tiểu\s+ban|bộ\s+phận|nhóm|người)"
)
_FUNCTION_WORDS = {"thì", "đã", "vẫn", "chưa", "nếu", "tự", "đang", "sẽ", "được", "cần", "phải", "không"}
_NOMINAL_BEFORE = re.compile(
    r"(?:việc|(?<!tổ\s)công\s+tác|lĩnh\s+vực|hoạt\s+động|nhiệm\s+vụ|kết\s+quả|chế\s+độ|quá\s+trình|tình\s+hình|"
    r"đoàn|tổ|ban|hội\s+nghị|cuộc|bản|sự|những)\s+$"
)


def _first_verb(t: Text, a: int, b: int) -> tuple[int, int] | None:
    masked = _blank_brackets(t.mtext[a:b])
    name_part_end = -1  # end of a verb that belongs to a name ("Đoàn kiểm tra, giám sát")
    for vm in _verbs_rx().finditer(masked):
        ch = t.text[a + vm.start()]
        if not ch.islower():
            continue
        word = re.sub(r"\s+", " ", vm.group(0))
        lead_in = re.split(r"[,;:]", masked[: vm.start()])[-1].strip()
        if (lead_in and _BARE_HEAD.fullmatch(lead_in)) or (
            name_part_end >= 0 and re.fullmatch(r",\s*|\s+và\s+", masked[name_part_end : vm.start()])
        ):
            name_part_end = vm.end()
            continue
        if word not in _FUNCTION_WORDS and _NOMINAL_BEFORE.search(masked[: vm.start()]):
            continue  # "công tác kiểm tra", "lĩnh vực giám sát": a noun
        nxt = re.match(r"\s*,\s*", masked[vm.end() :])
        if nxt and word not in _FUNCTION_WORDS:
            list_at = vm.end() + nxt.end()
            if t.text[a + list_at : a + list_at + 1].isupper() and starts_unit(masked[list_at:]):
                continue  # "… và Vật liệu xây dựng, Thủ trưởng các đơn vị …": the list of bodies goes on
        if word == "có" and re.match(r"\s+(?:liên\s+quan|thẩm\s+quyền)\b", masked[vm.end() :]):
            continue  # "cá nhân có liên quan", "cấp có thẩm quyền": a qualifier
        if word == "cử" and re.search(r"(?:bầu|ứng|đề|tuyển)\s+$", masked[: vm.start()]):
            continue  # "bầu cử", "ứng cử": nouns
        noun_after = _NOUN_AFTER.get(word)
        if noun_after and (noun_after.match(masked, vm.end()) or _NOUN_BEFORE.search(masked[: vm.start()])):
            continue
        return a + vm.start(), a + vm.end()
    return None


def _walk_back(t: Text, a: int, b: int) -> list[UnitMention]:
    """Comma-separated unit phrases immediately before the verb (after an intro clause).

    A short piece that names no body ("…, cấp xã") may continue the list when a body starts it:
    "Thường trực Hội đồng nhân dân tỉnh, cấp xã tiến hành …"."""
    seg = t.mtext[a:b]
    if re.search(r"\b(?:gồm|bao\s+gồm|thành\s+phần)\b", seg):
        return []  # "thành phần dự hội nghị gồm A, B, C": who attends, not who is responsible
    pieces = [(mm.start(), mm.end()) for mm in re.finditer(r"[^,;]+", seg)]
    run_start: int | None = None
    pending = 0
    for ps, pe in reversed(pieces):
        piece = seg[ps:pe].strip()
        if not piece:
            break
        if starts_unit(piece) and not _PEOPLE.match(piece):
            run_start, pending = ps, 0
            continue
        if piece in _TAILS or (len(piece.split()) <= 3 and pending < 2 and not INTRO.match(piece)):
            pending += 1
            continue
        break
    if run_start is None:
        return []
    return split_units(t, a + run_start, b)


# People named by what they are continue a list of people ("Mỗi cán bộ, đảng viên, công chức"); they
# start a responsible party only at the head of a subject ("Đảng viên được phân công …").
_PEOPLE = re.compile(
    r"(?:đảng\s+viên|công\s+chức|viên\s+chức|đoàn\s+viên|hội\s+viên|cán\s+bộ|chiến\s+sỹ|chiến\s+sĩ)\b"
)
# A bare head word in lower case continues a collective ("các Sở, ban, ngành"), it names no body.
_GENERIC_HEADS = {"ban", "ngành", "sở", "phòng", "hội", "đoàn thể", "đoàn", "cục", "vụ", "viện"}


# Words too bare to name a body on their own; a named person with a telephone number is a contact.
_TOO_GENERIC = {"chủ tịch", "đại diện", "cá nhân", "các tổ chức", "các cơ quan"}
_CONTACT = re.compile(r"\d{6,}|\d{3,4}[.\s]\d{3}[.\s]\d{3}|\b(?:sđt|số\s+đt|điện\s+thoại|email)\b", re.I)


def _not_a_body(name: str) -> bool:
    key = " ".join(match_text(name).split())
    return key in _TOO_GENERIC or bool(_CONTACT.search(name))


def split_units(t: Text, a: int, b: int) -> list[UnitMention]:
    """Split "A, B và C" into bodies; official names with commas or "và" stay whole."""
    seg = t.mtext[a:b]
    masked = _blank_brackets(seg)
    cuts = [0]
    for mm in re.finditer(r",\s*|;\s*|\s+và\s+(?=\S)|\s+cùng\s+", masked):
        nxt = masked[mm.end() :].lstrip()
        is_and = mm.group(0).strip() in ("và", "cùng")
        piece = re.split(r"[,;]", nxt, maxsplit=1)[0].strip()
        generic = len(piece.split()) <= 2 and t.text[a + mm.end() : a + mm.end() + 1].islower()
        if is_and:
            ok = bool(_SPECIFIC_HEAD.match(nxt)) or (nxt.startswith("mỗi ") and starts_unit(nxt))
        else:
            ok = starts_unit(nxt) and not (generic and piece in _GENERIC_HEADS) and not _PEOPLE.match(nxt)
        if ok:
            cuts.extend([mm.start(), mm.end()])
    cuts.append(len(seg))
    out: list[UnitMention] = []
    for i in range(0, len(cuts), 2):
        s, e = a + cuts[i], a + cuts[i + 1]
        name, span = t.cut(s, e)
        name = re.sub(r"\s*\(\s*$", "", name).strip()
        if not name or len(name.split()) > _MAX_PIECE_WORDS * 2 or _not_a_body(name):
            continue
        out.append(UnitMention(name=name, span=(span[0], span[0] + len(name)), rule="list of bodies split"))
    return out


def _apply_label(t: Text, p: _Para, task: Task, deadlines: list[Deadline]) -> None:
    lm = LABEL.match(t.mtext[p.start : p.end])
    if not lm:
        return
    label = re.sub(r"\s+", " ", lm["label"])
    v_from = p.start + lm.end()
    if label.startswith(("thời gian", "thời hạn")):
        d = next((d for d in deadlines if v_from <= d.span[0] < p.end), None)
        if d and task.deadline is None:
            task.deadline = d
        return
    if "phối hợp" in label:
        task.support.extend(
            u
            for u in split_units(t, v_from, _value_end(t, v_from, p.end))
            if starts_unit(t.mtext[u.span[0] : u.span[1]])
        )
        return
    if label.startswith(
        ("tổ chức thực hiện", "cơ quan", "đơn vị", "bộ phận", "chủ trì", "trách nhiệm", "người")
    ):
        lead, support, _ = _sentence_units(t, v_from, p.end)
        if not lead and starts_unit(t.mtext[v_from : p.end]):
            lead = split_units(t, v_from, _value_end(t, v_from, p.end))
        if lead:
            # the label names who leads; a body the task's own sentence names stays beside it
            kept = [u for u in task.lead if "heading" not in u.rule]
            task.lead = kept + [u for u in lead if not any(_same(u, k) for k in kept)]
            task.rule = f"label '{label}:'"
        task.support.extend(support)


def _value_end(t: Text, a: int, b: int) -> int:
    m = re.search(r"[.;](?:\s|$)", t.mtext[a:b])
    return a + m.start() if m else b


def units_in(sentence: str) -> tuple[list[UnitMention], list[UnitMention]]:
    """Lead and support units of one sentence on its own (for examples, tests and ``explain``)."""
    from kehoach.documents.normalise import normalise

    t = Text(normalise(sentence))
    lead, support, _ = _read_units(t, 0, len(t.text))
    return lead, support
