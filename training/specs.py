"""What we train, on which data, under which licence, against which published numbers.

One :class:`ModelSpec` per shipped model. ``train.py`` and ``evaluate.py`` both read
this table, and the model cards quote it, so a baseline is written down once.
Baseline numbers are copied from ``../shared/datasets/README.md`` and each
dataset's ``SOURCE.md`` (scale: percent).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Baseline:
    system: str
    value: float
    kind: str  # "transformer" | "classical" | "other"
    metric: str
    source: str


@dataclass(frozen=True)
class ModelSpec:
    name: str
    dataset: str
    language: str
    task: str
    alert_label: str
    licence: str
    commercial_use_allowed: bool
    source: str
    primary_metric: str  # "macro_f1" | "macro_recall" | "weighted_f1"
    baselines: tuple[Baseline, ...] = field(default_factory=tuple)
    summary_en: str = ""
    summary_id: str = ""
    limits_en: str = ""
    limits_id: str = ""
    #: Model selection across collections: a (dataset, labels read as the alert label) whose training
    #: split is a second selection set. The chosen setting maximises the *lower* of the validation
    #: score and the macro-F1 on that set (maximin), with no tuned threshold; None = validation only.
    shift: tuple[str, tuple[str, ...]] | None = None
    #: Values of C tried (None: train.GRID_C).
    grid_c: tuple[float, ...] | None = None
    #: Issue 18's target on the primary metric, and, where it is not reached, what was tried (both languages).
    target: float | None = None
    tried_en: str = ""
    tried_id: str = ""


_TE = "TweetEval README leaderboard (Barbieri et al. 2020; Loureiro et al. 2022)"
_TE_SRC = "https://github.com/cardiffnlp/tweeteval @ 4fbd22cd78421f05b1ecdb4fc5725bc7a7bd8f66"
_IBROHIM_SRC = (
    "https://github.com/okkyibrohim/id-multi-label-hate-speech-and-abusive-language-detection"
    " @ be98de98e974b65838d2b5145ee2c89e9bf53a6b (Ibrohim & Budi 2019, ALW3)"
)

SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="abusive_id",
        dataset="id-multilabel-hate-abusive/Abusive",
        language="id",
        task="abusive",
        alert_label="abusive",
        licence="CC BY-NC-SA 4.0",
        commercial_use_allowed=False,
        source=_IBROHIM_SRC,
        primary_metric="macro_f1",
        baselines=(),
        target=None,
        summary_en="Indonesian abusive language (kata kasar) in tweets: abusive / not_abusive.",
        summary_id="Bahasa kasar dalam cuitan berbahasa Indonesia: abusive / not_abusive.",
        limits_en="Trained on 2018 Indonesian Twitter; abusive words used as friendly banter are often flagged.",
        limits_id="Dilatih pada Twitter Indonesia 2018; kata kasar yang dipakai untuk bercanda sering ikut ditandai.",
    ),
    ModelSpec(
        name="hate_speech_id",
        dataset="id-multilabel-hate-abusive/HS",
        language="id",
        task="hate_speech",
        alert_label="hate",
        licence="CC BY-NC-SA 4.0",
        commercial_use_allowed=False,
        source=_IBROHIM_SRC,
        primary_metric="macro_f1",
        baselines=(
            Baseline("IndoBERTweet", 87.5, "transformer", "F1 (HS2, own split/protocol)", "Koto et al. 2021"),
            Baseline("IndoBERT + vocab adaptation", 84.0, "transformer", "F1 (HS2)", "Koto et al. 2021"),
            Baseline("malayBERT", 81.9, "transformer", "F1 (HS2)", "Koto et al. 2021"),
            Baseline("mBERT", 75.1, "transformer", "F1 (HS2)", "Koto et al. 2021"),
        ),
        target=87.5,
        tried_en="Not retrained in this pass: the shipped model already beats the plain baseline by 2 points and scores 75.6 macro-F1 on the Indonesian check set from another collection (target 75); the remaining 0.6 point to IndoBERTweet's 87.5 (F1 under its own split) was not worked on.",
        tried_id='Tidak dilatih ulang pada putaran ini: model yang dikirim sudah mengalahkan baseline sederhana 2 poin dan mencapai F1 makro 75,6 pada set uji bahasa Indonesia dari koleksi lain (target 75); selisih 0,6 poin ke 87,5 IndoBERTweet (F1 pada pembagiannya sendiri) belum dikerjakan.',
        summary_en="Indonesian hate speech (ujaran kebencian) in tweets: hate / not_hate.",
        summary_id="Ujaran kebencian dalam cuitan berbahasa Indonesia: hate / not_hate.",
        limits_en="Political and religious topics of the 2018-2019 election dominate the data; new targets "
        "and coded terms are missed.",
        limits_id="Data didominasi topik politik dan agama seputar pemilu 2018-2019; sasaran baru dan istilah "
        "terselubung sering terlewat.",
    ),
    ModelSpec(
        name="offensive_en",
        dataset="tweeteval/offensive",
        language="en",
        task="offensive",
        alert_label="offensive",
        licence="TweetEval: no restrictions stated; OLID (SemEval-2019 Task 6) and X/Twitter terms apply",
        commercial_use_allowed=True,
        source=_TE_SRC,
        primary_metric="macro_f1",
        baselines=(
            Baseline("TimeLMs-2021", 82.2, "transformer", "macro-F1", _TE),
            Baseline("RoBERTa-Retrained", 80.5, "transformer", "macro-F1", _TE),
            Baseline("FastText", 73.4, "classical", "macro-F1", _TE),
            Baseline("LSTM", 71.7, "classical", "macro-F1", _TE),
            Baseline("SVM", 52.3, "classical", "macro-F1", _TE),
        ),
        target=77.0,
        tried_en='Not retrained in this pass (it beats the plain baseline, 71.82, by 0.6 point); no lever was measured on it.',
        tried_id='Tidak dilatih ulang pada putaran ini (mengalahkan baseline sederhana, 71,82, sebesar 0,6 poin); belum ada pengungkit yang diukur.',
        summary_en="English offensive language in tweets (OLID): offensive / not_offensive.",
        summary_id="Bahasa ofensif dalam cuitan berbahasa Inggris (OLID): offensive / not_offensive.",
        limits_en="Profanity drives the score; polite but demeaning text is missed, quoted slurs are flagged.",
        limits_id="Skor didorong oleh kata makian; kalimat sopan yang merendahkan terlewat, kutipan makian ikut "
        "ditandai.",
    ),
    ModelSpec(
        name="hate_speech_en",
        dataset="tweeteval/hate",
        language="en",
        task="hate_speech",
        alert_label="hate",
        licence="TweetEval: no restrictions stated; HatEval (SemEval-2019 Task 5) and X/Twitter terms apply",
        commercial_use_allowed=True,
        source=_TE_SRC,
        primary_metric="macro_f1",
        baselines=(
            Baseline("BERTweet", 56.4, "transformer", "macro-F1", _TE),
            Baseline("TimeLMs-2021", 55.1, "transformer", "macro-F1", _TE),
            Baseline("LSTM", 52.6, "classical", "macro-F1", _TE),
            Baseline("FastText", 50.6, "classical", "macro-F1", _TE),
            Baseline("SVM", 36.7, "classical", "macro-F1", _TE),
        ),
        shift=("davidson-hate-offensive", ("hate",)),
        grid_c=(0.01, 0.02, 0.05, 0.1, 0.25, 1.0, 4.0),
        target=51.0,
        summary_en="English hate speech against immigrants and women in tweets (HatEval): hate / not_hate.",
        summary_id="Ujaran kebencian berbahasa Inggris terhadap imigran dan perempuan (HatEval): hate / not_hate.",
        limits_en="Only two target groups (immigrants, women). The official test set is topic-shifted and this "
        "model does not survive the shift: it labels most test tweets hate (not_hate F1 near 10), far below the "
        "published baselines. Do not use it to flag messages; for English screening use offensive_en or "
        "hate_offensive_en (see the cross-dataset check in training/RESULTS.md).",
        limits_id="Hanya dua kelompok sasaran (imigran, perempuan). Set uji resmi bergeser topik dan model ini "
        "tidak tahan terhadap pergeseran itu: sebagian besar cuitan uji dilabeli hate (F1 not_hate sekitar 10), jauh "
        "di bawah baseline terbitan. Jangan gunakan untuk menandai pesan; untuk penyaringan bahasa Inggris gunakan "
        "offensive_en atau hate_offensive_en (lihat pemeriksaan lintas dataset di training/RESULTS.md).",
    ),
    ModelSpec(
        name="hate_offensive_en",
        dataset="davidson-hate-offensive",
        language="en",
        task="hate_offensive",
        alert_label="hate",
        licence="MIT (Davidson et al. 2017)",
        commercial_use_allowed=True,
        source="https://github.com/t-davidson/hate-speech-and-offensive-language"
        " @ cb50f7e9eb855a99abc51423bf40df0e26d6fe30",
        primary_metric="weighted_f1",
        baselines=(
            Baseline(
                "Davidson et al. LR (weighted F1)",
                90.0,
                "classical",
                "weighted F1",
                "Davidson et al. 2017, repo notebook, 10% hold-out",
            ),
            Baseline(
                "Davidson et al. LR (hate-class F1)",
                51.0,
                "classical",
                "hate-class F1",
                "Davidson et al. 2017, repo notebook, 10% hold-out",
            ),
        ),
        target=None,
        summary_en="English tweets: hate / offensive / neither (Davidson et al. 2017).",
        summary_id="Cuitan berbahasa Inggris: hate / offensive / neither (Davidson dkk. 2017).",
        limits_en="Collected by searching for hate-lexicon terms; African-American English is over-flagged as "
        "offensive (documented bias of this dataset).",
        limits_id="Dikumpulkan lewat pencarian kata kebencian; bahasa Inggris Afrika-Amerika terlalu sering "
        "ditandai ofensif (bias dataset yang terdokumentasi).",
    ),
    ModelSpec(
        name="sentiment_id",
        dataset="indonlu-smsa",
        language="id",
        task="sentiment",
        alert_label="negative",
        licence="Apache-2.0 (IndoNLU; the README says MIT)",
        commercial_use_allowed=True,
        source="https://github.com/IndoNLP/indonlu @ ce728f6926a36174b9923dfe49d6a6839b6e9bb7 (SmSA, Prosa.ai)",
        primary_metric="macro_f1",
        baselines=(
            Baseline("IndoBERT-large p1", 92.72, "transformer", "macro-F1", "IndoNLU 2020, Table 5"),
            Baseline("XLM-R base", 91.39, "transformer", "macro-F1", "IndoNLU 2020, Table 5"),
            Baseline("mBERT", 84.14, "transformer", "macro-F1", "IndoNLU 2020, Table 5"),
        ),
        target=84.0,
        tried_en='Measured on the validation split only (the test split was not used to choose): logistic regression (C 1, 4, 16) and linear SVM (C 0.1, 0.3, 1), with and without class weighting, on the shipped features, score 84.0-85.9 validation macro-F1, i.e. no setting is clearly better than the shipped one; the SmSA test split is harder than its validation split (more neutral texts) and the gap stays.',
        tried_id='Diukur hanya pada data validasi (data uji tidak dipakai untuk memilih): regresi logistik (C 1, 4, 16) dan SVM linear (C 0,1, 0,3, 1), dengan dan tanpa pembobotan kelas, pada fitur yang sama memberi F1 makro validasi 84,0-85,9; tidak ada setelan yang jelas lebih baik daripada model yang dikirim. Data uji SmSA lebih sulit daripada data validasinya (lebih banyak teks netral), dan selisihnya tetap.',
        summary_en="Indonesian sentiment of comments and reviews: positive / neutral / negative.",
        summary_id="Sentimen komentar dan ulasan berbahasa Indonesia: positive / neutral / negative.",
        limits_en="Mostly food and place reviews; sarcasm and social-media slang are weak spots; 'neutral' is "
        "the hardest class.",
        limits_id="Sebagian besar ulasan makanan dan tempat; sarkasme dan slang media sosial adalah titik lemah; "
        "kelas 'neutral' paling sulit.",
    ),
    ModelSpec(
        name="sentiment_en",
        dataset="tweeteval/sentiment",
        language="en",
        task="sentiment",
        alert_label="negative",
        licence="TweetEval: no restrictions stated; SemEval-2017 Task 4A and X/Twitter terms apply",
        commercial_use_allowed=True,
        source=_TE_SRC,
        primary_metric="macro_recall",
        baselines=(
            Baseline("TimeLMs-2021", 73.7, "transformer", "macro-recall", _TE),
            Baseline("RoBERTa-Retrained", 72.8, "transformer", "macro-recall", _TE),
            Baseline("SVM", 62.9, "classical", "macro-recall", _TE),
            Baseline("FastText", 62.9, "classical", "macro-recall", _TE),
            Baseline("LSTM", 58.3, "classical", "macro-recall", _TE),
        ),
        target=65.0,
        tried_en='The 45,000-tweet training text is not available; the model is trained on the 2,000-tweet validation split only (5-fold cross-validation). Lexicon features (VADER, MIT, on PyPI) and distant labels on other tweets were considered but not measured in this pass.',
        tried_id='Teks latih 45.000 cuitan tidak tersedia; model dilatih hanya pada 2.000 cuitan data validasi (validasi silang 5 lipatan). Fitur leksikon (VADER, MIT, di PyPI) dan label jauh pada cuitan lain dipertimbangkan tetapi belum diukur pada putaran ini.',
        summary_en="English tweet sentiment: positive / neutral / negative.",
        summary_id="Sentimen cuitan berbahasa Inggris: positive / neutral / negative.",
        limits_en="Trained on only 2,000 tweets (the official 45k-tweet train text is not available offline), "
        "so it trails every published baseline.",
        limits_id="Dilatih hanya pada 2.000 cuitan (teks latih resmi 45 ribu cuitan tidak tersedia luring), "
        "sehingga tertinggal dari semua baseline terbitan.",
    ),
)

BY_NAME = {s.name: s for s in SPECS}
