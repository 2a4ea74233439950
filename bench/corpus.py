"""A deterministic generated blog of reading notes, in Jekyll's layout, for build benchmarks.

    python bench/corpus.py N DIR [--seed S]

writes DIR/_config.yml and DIR/_posts/YYYY-MM-DD-slug.md (N posts). The shape follows a real
blog of paper-reading notes (see /work/shared/outline-spec.md):

- ~85% outline posts: the notes are a numbered outline inside ``` (or ````) fences, split into
  1-8 blocks with prose or a heading between them; median about 430 items / 50 KB and 8 levels,
  lognormal spread; 1 post in 100 is a giant of ~3,000 items and 18 levels. Items are titles
  with the URL on the next line, `[2019, OSDI, 57 refs]` annotations, `n. related materials`
  branches, notes in English, Chinese or both, wrapped continuation lines, a little indented
  pseudo-code, numbering that repeats or restarts, odd child steps (+2, +3, +8), rare secondary
  markers, tabs, NBSP / U+3000 at line ends, blank lines.
- ~15% ordinary Markdown posts: headings, paragraphs, `*` and `1.` lists nested by 2 or 4 spaces,
  links, inline code, a fenced `bash` block.
- ~5% of files are CRLF throughout, ~1% start with a BOM, some outline posts end in a 4-backtick
  fence "closed" by 3 backticks and no final newline (as the real sample post does).

Every post has Jekyll front matter (layout, title, category, tags) and `{% include JB/setup %}`.
Post i depends only on (seed, i), so the 100-post corpus is the first 100 posts of the 1000 one.
No Liquid (`{{`, `{%`) appears in bodies except the include line, so Jekyll builds it as is.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

__all__ = ["Stats", "generate"]

START_DATE = date(2000, 1, 1)  # post i is dated START_DATE + i days: 9,000 posts stay in the past

# --------------------------------------------------------------------------------------------
# Word pools. Built once per process from a fixed seed; posts draw from them by index.

_EN_WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "the a of for and with in on to by from over under across between without toward "
    "distributed storage system training inference model parallel pipeline tensor data memory "
    "cache log structured merge tree compaction write amplification read latency tail throughput "
    "scheduler placement replica consensus raft paxos quorum lease shard partition index btree "
    "learned key value store disaggregated rdma cxl nvme ssd flash zone namespace erasure coding "
    "blob object file metadata journal checkpoint snapshot recovery failure gpu cluster kernel "
    "compiler operator fusion quantization pruning distillation attention transformer token "
    "embedding gradient optimizer batch microbatch bubble all-reduce ring bandwidth network "
    "switch congestion control transport queue serverless container virtual machine hypervisor "
    "page table tlb prefetch eviction policy admission hot cold tiering compression dedup "
    "encryption integrity consistency linearizable serializable snapshot isolation transaction "
    "workload benchmark production fleet datacenter cost efficiency energy reliability "
    "we propose design implement evaluate show achieve improve reduce scale support avoid "
    "fast simple practical general efficient robust elastic adaptive lightweight scalable novel"
).split()
_EN_CAPS = (  # noqa: SIM905 (a word list reads better as text)
    "GPU CPU SSD NVMe RDMA CXL LSM KV DNN LLM GPT BERT MoE TPU FPGA HDFS Ceph RocksDB LevelDB "
    "Spark Ray PyTorch TensorFlow Megatron DeepSpeed ZeRO NCCL Kubernetes Linux eBPF DPDK SPDK "
    "Redis MySQL PostgreSQL Spanner Bigtable Dynamo Cassandra etcd ZooKeeper Kafka S3 Azure AWS"
).split()
_ZH_WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "分布式 训练 推理 流水线 并行 数据 模型 张量 压缩 量化 剪枝 蒸馏 存储 系统 日志 结构 合并 树 一致性 "
    "副本 纠删码 调度 缓存 延迟 吞吐 带宽 网络 拥塞 控制 事务 隔离 快照 恢复 故障 容错 元数据 索引 "
    "写放大 读放大 冷热 分层 成本 能耗 可靠性 性能 优化 瓶颈 集群 节点 内存 显存 算子 融合 编译器 "
    "框架 注意力 梯度 优化器 批量 通信 拓扑 调优 评估 实验 生产 环境 负载 论文 作者 方法 问题 "
    "关键 核心 思路 简单 说 就是 一个 动态 规划 把 的 了 在 和 是 不 也 但 而 用 可以 需要 通过 "
    "这个 那么 所以 因为 如果 总结 要点 相关 工作 对比 改进 局限 未来 方向"
).split()
_ZH_PUNCT = ("，", "。", "；", "：", "、", "？", "！")
_VENUES = (
    "OSDI", "SOSP", "NSDI", "FAST", "ATC", "EuroSys", "SIGMOD", "VLDB", "ICDE", "SIGCOMM",
    "MLSys", "NeurIPS", "ICML", "ICLR", "ASPLOS", "ISCA", "MICRO", "HotStorage", "HotOS", "SoCC",
)
_ORGS = ("Google", "Microsoft", "Meta", "Alibaba", "ByteDance", "NVIDIA", "Amazon", "Tencent",
         "Huawei", "VMWare", "Intel", "IBM", "Baidu", "Apple", "Databricks", "Snowflake")
_AUTHORS = ("Andy Yang", "Pentium PRO", "Joseph E. Gonzalez", "Vivienne Sze", "Lilian Weng",
            "Jay Alammar", "Murat Demirbas", "Adrian Colyer", "Marc Brooker", "Brendan Gregg",
            "Martin Kleppmann", "Jeff Dean", "Sebastian Raschka", "Chip Huyen", "李沐", "张三")
_TOPICS = ("Storage Systems", "Machine Learning and LLM", "Distributed Consensus", "Datacenter Networking",
           "Databases", "Operating Systems", "Cloud Infrastructure", "GPU Scheduling", "Key-Value Stores",
           "Erasure Coding", "Memory Disaggregation", "Compilers for ML", "Serverless", "Observability")
_ZH_TOPICS = ("分布式存储", "大模型训练", "数据库内核", "网络与拥塞控制", "操作系统", "云原生")
_CATEGORIES = ("Paper Reading", "Paper Reading", "Paper Reading", "Storage", "Machine Learning", "Notes")
_TAGS = ("paper", "storage", "ML", "LLM", "AI", "distributed", "consensus", "database", "network", "OS",
         "GPU", "cloud", "kv", "ssd", "cache", "compiler", "serverless", "erasure-coding", "memory",
         "scheduling", "transaction", "index", "compression", "rdma", "cxl", "benchmark", "survey",
         "datacenter", "reliability", "security", "filesystem", "stream", "graph", "vector-db",
         "inference", "training", "pipeline", "raft", "paxos", "lsm")
_SECTION_HEADERS = ("[Flow]", "[Background]", "[Design]", "[Evaluation]", "[Related]", "[Questions]",
                    "[总结]", "[问题]")


class _Pools:
    """Pre-made fragments (sentences, titles, URLs) so a post costs a few random() calls per line."""

    def __init__(self, seed: int = 20240601) -> None:
        rng = random.Random(seed)
        self.en = [self._english(rng, rng.randint(6, 14)) for _ in range(3000)]
        self.zh = [self._chinese(rng, rng.randint(10, 26)) for _ in range(2000)]
        self.mixed = [self._mixed(rng) for _ in range(2000)]
        self.papers = [self._paper(rng) for _ in range(3000)]
        self.articles = [self._article(rng) for _ in range(1500)]
        self.urls = [self._url(rng) for _ in range(4000)]
        self.quotes = [f'"{s}"' for s in self.en[:400]] + [f"“{s}”" for s in self.zh[:200]]
        self.code = [self._code(rng) for _ in range(300)]
        self.special = [self._special(rng) for _ in range(300)]

    @staticmethod
    def _english(rng: random.Random, n: int) -> str:
        words = [rng.choice(_EN_CAPS) if rng.random() < 0.12 else rng.choice(_EN_WORDS) for _ in range(n)]
        words[0] = words[0][:1].upper() + words[0][1:]
        sentence = " ".join(words)
        if rng.random() < 0.2:
            sentence += rng.choice((", ", "; ", " - ")) + " ".join(rng.choice(_EN_WORDS) for _ in range(rng.randint(3, 8)))
        if rng.random() < 0.15:
            sentence += f" ({rng.randint(2, 40)}x {rng.choice(('faster', 'lower latency', 'less memory', 'higher throughput'))})"
        return sentence

    @staticmethod
    def _chinese(rng: random.Random, n: int) -> str:
        out = []
        for i in range(n):
            out.append(rng.choice(_ZH_WORDS))
            if i and i % rng.randint(4, 9) == 0:
                out.append(rng.choice(_ZH_PUNCT))
        return "".join(out)

    def _mixed(self, rng: random.Random) -> str:
        parts = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.5:
                parts.append(self._chinese(rng, rng.randint(3, 8)))
            else:
                parts.append(" ".join(rng.choice(_EN_CAPS + _EN_WORDS[:60]) for _ in range(rng.randint(1, 4))))
        return rng.choice((" ", "", "：", " / ")).join(parts)

    @staticmethod
    def _annotation(rng: random.Random) -> str:
        year = rng.randint(1994, 2024)
        refs = f"{int(math.exp(rng.uniform(0, 8)))} refs"
        venue = rng.choice(_VENUES) + (f"{year % 100:02d}" if rng.random() < 0.4 else "")
        shape = rng.random()
        if shape < 0.40:
            fields = [str(year), refs]
        elif shape < 0.62:
            fields = [str(year), venue, refs]
        elif shape < 0.75:
            fields = [str(year), refs, venue, rng.choice(_ORGS)]
        elif shape < 0.83:
            fields = [str(year)]
        elif shape < 0.88:
            fields = [refs, str(year), rng.choice(_ORGS)]
        elif shape < 0.92:
            fields = [f"{year} {venue} {rng.choice(_ORGS)}", refs]
        elif shape < 0.95:
            fields = [str(year), refs, f"{venue} best paper"]
        elif shape < 0.98:
            return f"[{year}， {refs}]"  # full-width comma
        else:
            fields = [str(year), "", venue]
        return "[" + ", ".join(fields) + "]"

    def _paper(self, rng: random.Random) -> str:
        title = " ".join(w.capitalize() if len(w) > 3 else w for w in rng.choice(self.en).split()[: rng.randint(5, 11)])
        if rng.random() < 0.6:
            name = rng.choice(("Pipe", "Deep", "Zero", "Flash", "Spot", "Tiny", "Hot", "Fast", "Giga", "Meta", "Lock",
                               "Mega", "Sky", "Ray", "Nano", "Turbo", "Blue", "Cold")) + rng.choice(
                ("Dream", "Speed", "Store", "KV", "Log", "Tree", "Net", "Cache", "Sched", "DB", "FS", "Serve",
                 "Train", "Flow", "Mesh", "Pool"))
            title = f"{name}: {title}"
        spaces = " " * rng.choice((1, 4, 4, 4, 4, 2))
        return f"{title}{spaces}{self._annotation(rng)}"

    def _article(self, rng: random.Random) -> str:
        if rng.random() < 0.35:
            title = self._chinese(rng, rng.randint(6, 14)) + rng.choice(("？", "", " - 知乎", "：")) + " " + rng.choice(_EN_CAPS)
        else:
            title = " ".join(rng.choice(self.en).split()[: rng.randint(4, 10)])
        return f"{title} - {rng.choice(_AUTHORS)}"

    @staticmethod
    def _url(rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.30:
            return f"https://arxiv.org/abs/{rng.randint(1000, 2412)}.{rng.randint(10000, 99999)}"
        if kind < 0.50:
            return f"https://zhuanlan.zhihu.com/p/{rng.randint(10**7, 10**9)}"
        if kind < 0.60:
            return f"https://www.zhihu.com/question/{rng.randint(10**7, 10**9)}/answer/{rng.randint(10**8, 10**10)}"
        if kind < 0.72:
            conf = rng.choice(("fast", "osdi", "nsdi", "atc")) + str(rng.randint(14, 24))
            return f"https://www.usenix.org/conference/{conf}/presentation/{rng.choice(_EN_WORDS[40:]).lower()}"
        if kind < 0.82:
            return f"https://dl.acm.org/doi/10.1145/{rng.randint(1000000, 3700000)}.{rng.randint(1000000, 3700000)}"
        if kind < 0.92:
            return f"https://github.com/{rng.choice(_EN_CAPS).lower()}/{rng.choice(_EN_WORDS[40:])}-{rng.choice(_EN_WORDS[40:])}"
        if kind < 0.96:
            return f"https://en.wikipedia.org/wiki/{rng.choice(_EN_CAPS)}_%28{rng.choice(_EN_WORDS[40:])}%29"
        return f"https://mp.weixin.qq.com/s/{''.join(rng.choice('abcdefghijkLMNOPQ0123456789_-') for _ in range(22))}"

    @staticmethod
    def _code(rng: random.Random) -> list[str]:
        var = rng.choice(("shard", "page", "req", "batch", "node", "key"))
        body = [
            f"for each {var} in {rng.choice(('ring', 'queue', 'log', 'tree', 'batch'))}:",
            f"    if {var}.{rng.choice(('dirty', 'hot', 'stale', 'full'))} && !locked({var}):",
            f"        send({var}) && recv(prev)   # {rng.choice(_EN_WORDS)} step",
            f"    x = {var}->next; cnt += (x != NULL) ? 1 : 0;",
            f"return <{rng.choice(_EN_WORDS)}> | {rng.choice(_EN_WORDS)}_{rng.choice(_EN_WORDS)} & done",
        ]
        return body[: rng.randint(2, 5)]

    def _special(self, rng: random.Random) -> str:
        """Text with characters that must stay literal: <placeholders>, &, *, _, |, > ."""
        return rng.choice((
            "Use <key> & <value> pairs; cost = a*b + c_d | read > write",
            "mount -t ext4 /dev/<disk> /mnt && echo ok | tee log_file",
            "p99 latency > 10ms when __init__ holds the *global* lock",
            "A | B | C columns, 3 * 4 = 12, snake_case_name and <T> generics",
            "see：" + rng.choice(self.urls) + "，以及 related work.",
            "links: " + rng.choice(self.urls) + ", " + rng.choice(self.urls) + ".",
            "[paper](" + rng.choice(self.urls) + ") is the better summary",
            "(" + rng.choice(self.urls) + ")",
            "2.Text without a space after the number is not a marker",
            "1.1. section numbers like 3.9.1 are text, not items",
        ))


_POOLS: _Pools | None = None


def _pools() -> _Pools:
    global _POOLS
    if _POOLS is None:
        _POOLS = _Pools()
    return _POOLS


# --------------------------------------------------------------------------------------------
# One outline block.

class _OutlineWriter:
    """Writes items with a random walk over depth; an explicit stack, no recursion."""

    def __init__(self, rng: random.Random, pools: _Pools, out: list[str], max_depth: int, tabs: bool) -> None:
        self.rng = rng
        self.p = pools
        self.out = out
        self.max_depth = max_depth
        self.tabs = tabs
        self.items = 0
        self.deepest = 0

    def block(self, n_items: int, start_column: int = 0, dive_at: int = -1) -> None:
        rng, p, out = self.rng, self.p, self.out
        rand = rng.random
        # Open items, innermost last: [column, number, marker style, is 'n.' related-materials]
        stack: list[list] = []
        top_column = start_column
        max_depth = self.max_depth
        for index in range(n_items):
            diving = dive_at <= index < dive_at + max_depth
            if not stack:
                level_action = "top"
            elif diving and len(stack) < max_depth:
                level_action = "child"
            else:
                depth = len(stack)
                r = rand()
                # Mostly siblings and children; deeper levels pull back up (peaks at 4-6 levels).
                p_child = 0.52 - 0.06 * depth if depth < max_depth else 0.0
                if r < p_child:
                    level_action = "child"
                elif r < p_child + 0.40:
                    level_action = "sibling"
                else:
                    level_action = "up"
            if level_action == "up":
                pops = 1 + int(rand() * 2.2)
                del stack[max(0, len(stack) - pops):]
                level_action = "sibling" if stack else "top"
            if level_action == "sibling" and stack[-1][3] and len(stack) > 1:
                stack.pop()  # nothing follows `n. related materials` at its level, usually
            if level_action == "child":
                parent = stack[-1]
                r = rand()
                step = 4 if r < 0.96 else 3 if r < 0.98 else 2 if r < 0.99 else 8
                style = 0 if rand() < 0.985 else 1 + int(rand() * 5)
                entry = [parent[0] + step, 0, style, False]
                related_parent = parent[3]
                stack.append(entry)
            elif level_action == "top":
                if index:
                    r = rand()
                    if r < 0.55:
                        out.append("")
                    elif r < 0.56:
                        out.append("    ")
                    elif r < 0.575:
                        out.append(p.en[int(rand() * 3000)][:40] if rand() < 0.5 else _SECTION_HEADERS[int(rand() * 8)])
                if index == 0:
                    start = 7 + int(rand() * 3) if rand() < 0.1 else 0  # numbering may start at 8
                else:
                    start = self._last_top or 0
                entry = [top_column, start, 0, False]
                stack[:] = [entry]
                related_parent = False
            else:  # sibling
                entry = stack[-1]
                related_parent = stack[-2][3] if len(stack) > 1 else False
            level = len(stack)
            self.deepest = max(self.deepest, level)

            # The marker: the author's numbering, with its quirks.
            r = rand()
            if level > 1 and not related_parent and not diving and r < 0.05 and entry[1] >= 1:
                marker = "n."
                entry[3] = True
            elif level > 1 and r < 0.052 and entry[1] >= 2:
                marker = "n+1."
            else:
                if r < 0.97 or entry[1] == 0:
                    entry[1] += 1
                elif r < 0.985:
                    entry[1] = 1  # restarts
                # else repeats the last number
                style = entry[2]
                n = entry[1]
                if style == 0:
                    marker = f"{n}."
                elif style == 1:
                    marker = f"{n})"
                elif style == 2:
                    marker = f"({chr(96 + min(n, 26))})"
                elif style == 3:
                    marker = f"{chr(96 + min(n, 26))}."
                elif style == 4:
                    marker = "-"
                else:
                    marker = "•"
            if level == 1:
                self._last_top = entry[1]
            column = entry[0]
            indent = " " * column
            if self.tabs and column >= 4 and rand() < 0.3:
                indent = "\t" * (column // 4) + " " * (column % 4)
            text_column = " " * (column + len(marker) + 1)

            # The text, by context.
            url_after = False
            continuation = 0
            if marker == "n.":
                text = "related materials"
            elif rand() < 0.003:
                text = None  # an empty item with children
            elif related_parent:
                if rand() < 0.8:
                    text = p.papers[int(rand() * 3000)]
                    url_after = rand() < 0.85
                else:
                    text = p.articles[int(rand() * 1500)]
                    url_after = True
            elif level == 1:
                if rand() < 0.7:
                    text = p.articles[int(rand() * 1500)]
                else:
                    text = p.papers[int(rand() * 3000)]
                url_after = rand() < 0.9
            else:
                r = rand()
                if r < 0.40:
                    text = p.en[int(rand() * 3000)]
                elif r < 0.62:
                    text = p.zh[int(rand() * 2000)]
                elif r < 0.80:
                    text = p.mixed[int(rand() * 2000)]
                elif r < 0.88:
                    text = p.papers[int(rand() * 3000)]
                    url_after = rand() < 0.7
                elif r < 0.92:
                    text = p.articles[int(rand() * 1500)]
                    url_after = True
                elif r < 0.97:
                    text = p.quotes[int(rand() * 600)]
                else:
                    text = p.special[int(rand() * 300)]
                if rand() < 0.10:
                    continuation = 1
                elif rand() < 0.012:
                    continuation = 2
                elif rand() < 0.004:
                    continuation = 3
            if text is None:
                out.append(indent + marker)
            else:
                tail = ""
                r = rand()
                if r < 0.003:
                    tail = "\u00a0"
                elif r < 0.005:
                    tail = "\u3000"
                elif r < 0.02:
                    tail = " "
                out.append(f"{indent}{marker} {text}{tail}")
            if url_after:
                url = p.urls[int(rand() * 4000)]
                out.append(text_column + url if rand() < 0.95 else text_column + " " + url)
            if continuation == 1:  # wrapped text or a second thought, at the text column
                out.append(text_column + (p.en[int(rand() * 3000)] if rand() < 0.6 else p.zh[int(rand() * 2000)]))
            elif continuation == 2:  # pseudo-code, kept aligned
                for line in p.code[int(rand() * 300)]:
                    out.append(text_column + "    " + line)
            elif continuation == 3:
                out.append(text_column + "------")
            if rand() < 0.01:
                out.append("")
            self.items += 1

    _last_top: int | None = None


# --------------------------------------------------------------------------------------------
# Posts.

class Stats:
    """What a generated corpus holds (printed by `bench/run` beside the timings)."""

    def __init__(self) -> None:
        self.posts = 0
        self.outline_posts = 0
        self.markdown_posts = 0
        self.crlf_posts = 0
        self.bom_posts = 0
        self.giant_posts = 0
        self.items = 0
        self.bytes = 0
        self.sizes: list[int] = []
        self.item_counts: list[int] = []
        self.depths: list[int] = []
        self.seconds = 0.0

    def as_dict(self) -> dict:
        def median(values: list[int]) -> float:
            values = sorted(values)
            return float(values[len(values) // 2]) if values else 0.0

        return {
            "posts": self.posts, "outline_posts": self.outline_posts, "markdown_posts": self.markdown_posts,
            "crlf_posts": self.crlf_posts, "bom_posts": self.bom_posts, "giant_posts": self.giant_posts,
            "outline_items": self.items, "bytes": self.bytes,
            "median_post_bytes": median(self.sizes), "median_items_per_outline_post": median(self.item_counts),
            "median_depth": median(self.depths), "max_items": max(self.item_counts, default=0),
            "max_depth": max(self.depths, default=0), "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        d = self.as_dict()
        return (f"{d['posts']} posts, {d['bytes'] / 1e6:.1f} MB, {d['outline_items']:,} outline items; "
                f"{d['outline_posts']} outline posts (median {d['median_post_bytes'] / 1e3:.0f} KB, "
                f"{d['median_items_per_outline_post']:.0f} items, {d['median_depth']:.0f} levels; "
                f"max {d['max_items']:,} items, {d['max_depth']} levels), {d['markdown_posts']} Markdown, "
                f"{d['crlf_posts']} CRLF, {d['bom_posts']} BOM; generated in {d['seconds']:.1f} s")


CONFIG_YML = """\
# A generated benchmark blog (bench/corpus.py). Read by paperfold, Jekyll and (via a copy) Hugo.
title: Bench Reading Notes
description: Generated paper-reading notes for build benchmarks.
author:
  name: bench
url: ""
baseurl: ""
permalink: /:categories/:year/:month/:day/:title.html
timezone: UTC
markdown: kramdown
"""


def _front_matter(rng: random.Random, title: str) -> list[str]:
    lines = ["---", "layout: post", f'title: "{title}"']
    if rng.random() < 0.6:
        lines.append(f'tagline : "{title}"')
    if rng.random() < 0.7:
        lines.append(f'description: "{title}"')
    lines.append(f'category: "{rng.choice(_CATEGORIES)}"')
    tags = rng.sample(_TAGS, rng.randint(1, 5))
    lines.append("tags: [" + ", ".join(tags) + "]")
    lines.append("---")
    if rng.random() < 0.97:
        lines.append("{% include JB/setup %}")
    lines.append("")
    return lines


def _prose(rng: random.Random, p: _Pools, sentences: int) -> str:
    parts = []
    for _ in range(sentences):
        r = rng.random()
        parts.append(rng.choice(p.en) + "." if r < 0.6 else rng.choice(p.zh) + "。" if r < 0.85 else rng.choice(p.mixed) + ".")
    return " ".join(parts)


def _outline_post(rng: random.Random, p: _Pools, giant: bool, stats: Stats) -> tuple[str, list[str], bool]:
    if giant:
        n_items = rng.randint(2800, 3200)
        max_depth = 18
    else:
        n_items = int(math.exp(rng.gauss(math.log(430), 0.55)))
        n_items = max(25, min(n_items, 2400))
        max_depth = max(5, min(11, round(rng.gauss(8, 1.2))))
    topic = rng.choice(_TOPICS)
    title = f"Recent Articles Reading: {topic}" if rng.random() < 0.8 else f"读论文：{rng.choice(_ZH_TOPICS)}"
    lines = [_prose(rng, p, rng.randint(1, 3)), ""]
    blocks = 1 if n_items < 60 else rng.randint(1, 8)
    cuts = sorted(rng.sample(range(1, n_items), blocks - 1)) if blocks > 1 else []
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [n_items])]
    writer = _OutlineWriter(rng, p, lines, max_depth, tabs=rng.random() < 0.03)
    dive_block = max(range(blocks), key=lambda i: sizes[i])
    unclosed_end = rng.random() < 0.05
    for b, size in enumerate(sizes):
        last = b == blocks - 1
        if b:
            r = rng.random()
            if r < 0.3:
                lines += [f"### {rng.choice(p.en)[:50]}", ""]
            elif r < 0.36:
                lines += ["```bash", f"$ sudo fio --name=randread --rw=randread --bs=4k --size={rng.randint(1, 64)}G",
                          "$ iostat -x 1 | grep nvme0n1", "```", ""]
            elif r < 0.38:
                lines += ["```", '1) "messages"', '2) "queue:jobs"', "3) \"stats\"", "```", ""]
            lines += [_prose(rng, p, rng.randint(1, 4)), ""]
        fence = "````" if (last and unclosed_end) or rng.random() < 0.15 else "```"
        lines.append(fence)
        resumed = b > 0 and rng.random() < 0.04
        writer._last_top = None
        writer.block(size, start_column=4 if resumed else 0,
                     dive_at=rng.randint(0, max(0, size - max_depth - 1)) if b == dive_block else -1)
        if last and unclosed_end:
            lines.append("```")  # a 4-backtick block "closed" by 3 runs to the end of the file
        else:
            lines.append(fence)
            lines.append("")
    stats.outline_posts += 1
    stats.items += writer.items
    stats.item_counts.append(writer.items)
    stats.depths.append(writer.deepest)
    return title, lines, unclosed_end


def _markdown_post(rng: random.Random, p: _Pools) -> tuple[str, list[str]]:
    title = f"Notes on {rng.choice(p.en).split()[1].capitalize()} {rng.choice(_EN_CAPS)}"
    lines: list[str] = []
    for _ in range(rng.randint(3, 12)):
        lines += [f"{rng.choice(('##', '##', '###'))} {rng.choice(p.en)[:60]}", ""]
        for _ in range(rng.randint(1, 3)):
            text = _prose(rng, p, rng.randint(2, 6))
            if rng.random() < 0.3:
                text += f" See [{rng.choice(p.en)[:30]}]({rng.choice(p.urls)}) and `{rng.choice(_EN_CAPS).lower()}_conf`."
            if rng.random() < 0.1:
                text += f" {rng.choice(p.papers).split('[')[0].strip()} \\[{rng.randint(1994, 2024)}, {rng.randint(0, 900)} refs\\]"
            lines += [text, ""]
        if rng.random() < 0.8:
            step = rng.choice((2, 4, 4))
            bullet = rng.choice(("*", "*", "-", "1."))
            depth = 0
            for i in range(rng.randint(4, 40)):
                r = rng.random()
                if i == 0:
                    pass  # a list starts at the margin (4 spaces after a paragraph would be code)
                elif r < 0.3 and depth < 3:
                    depth += 1
                elif r < 0.5 and depth:
                    depth -= 1
                item = rng.choice(p.en) if rng.random() < 0.6 else rng.choice(p.zh)
                lines.append(" " * (depth * step) + f"{bullet} {item}")
            lines.append("")
        if rng.random() < 0.15:
            lines += ["```bash", "$ make -j8 && ./bench --threads 16", f"$ perf record -g ./{rng.choice(_EN_WORDS)}", "```", ""]
    return title, lines


def _post(seed: int, index: int, pools: _Pools, stats: Stats) -> tuple[str, bytes]:
    rng = random.Random(f"paperfold-bench:{seed}:{index}")
    giant = index % 100 == 42
    markdown = not giant and rng.random() < 0.15
    unclosed_end = False
    if markdown:
        title, body = _markdown_post(rng, pools)
        stats.markdown_posts += 1
    else:
        title, body, unclosed_end = _outline_post(rng, pools, giant, stats)
        stats.giant_posts += giant
    slug_words = title.split(":")[-1].strip().lower()
    slug = "-".join(w for w in "".join(c if c.isascii() and c.isalnum() else " " for c in slug_words).split()) or "notes"
    when = START_DATE + timedelta(days=index)
    name = f"{when:%Y-%m-%d}-{slug}-{index}.md"
    text = "\n".join(_front_matter(rng, title) + body)
    if not unclosed_end:
        text += "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
        stats.crlf_posts += 1
    data = text.encode("utf-8")
    if rng.random() < 0.01:
        data = b"\xef\xbb\xbf" + data
        stats.bom_posts += 1
    return name, data


def generate(n: int, directory: str | Path, seed: int = 0) -> Stats:
    """Write an N-post Jekyll blog into `directory` (created; existing posts are replaced)."""
    started = time.perf_counter()
    root = Path(directory)
    posts = root / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    pools = _pools()
    stats = Stats()
    for index in range(n):
        name, data = _post(seed, index, pools, stats)
        (posts / name).write_bytes(data)
        stats.posts += 1
        stats.bytes += len(data)
        stats.sizes.append(len(data))
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated blog of N reading-note posts into DIR.")
    parser.add_argument("n", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the corpus statistics as JSON")
    args = parser.parse_args(argv)
    stats = generate(args.n, args.directory, seed=args.seed)
    print(json.dumps(stats.as_dict(), indent=2) if args.json else stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
