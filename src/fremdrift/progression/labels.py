# ruff: noqa: E501 - one translated sentence per line reads better than split strings
"""Fixed texts of the citizen's own form and of the printed questionnaire, per language.

Data, not gettext: the citizen reads these in their own language while the caseworker's
interface stays Danish (or English). The questions themselves come from the instrument
definition. A language or text missing here shows in Danish, and the page says so.
Tigrinya and Somali were written by the developers and need a native speaker's check, like
the instrument's own texts (docs/how-to-add-an-instrument.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from fremdrift.citizens.languages import CITIZEN_LANGUAGES, direction

# Each language named in itself, for the citizen's language menu.
OWN_NAMES: dict[str, str] = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "prs": "دری",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "uk": "Українська",
}

DANISH: dict[str, str] = {
    "question_of": "Spørgsmål {n} af {total}",
    "choose": "Vælg det tal, der passer bedst. 1 er lavest, 10 er højest.",
    "or": "Eller",
    "next": "Gem og gå videre",
    "back": "Tilbage",
    "skip": "Spring over",
    "summary": "Dine svar",
    "agreed": "Vi har aftalt svarene sammen",
    "finish": "Afslut",
    "thanks": "Tak. Dine svar er gemt.",
    "hand_back": "Giv nu skærmen tilbage til din sagsbehandler.",
    "missing": "Denne tekst findes ikke på dit sprog endnu. Den vises på dansk.",
    "name": "Navn",
    "date": "Dato",
    "answer": "Svar",
    "not_answered": "Ikke besvaret",
    "blank_hint": "Sæt ét kryds ved hvert spørgsmål: et tal fra 1 til 10 eller et af felterne til sidst.",
    "page": "Side",
}

TRANSLATIONS: dict[str, dict[str, str]] = {
    "en": {
        "question_of": "Question {n} of {total}",
        "choose": "Choose the number that fits best. 1 is lowest, 10 is highest.",
        "or": "Or",
        "next": "Save and continue",
        "back": "Back",
        "skip": "Skip",
        "summary": "Your answers",
        "agreed": "We agreed on the answers together",
        "finish": "Finish",
        "thanks": "Thank you. Your answers have been saved.",
        "hand_back": "Please give the screen back to your caseworker now.",
        "missing": "This text is not yet available in your language. It is shown in Danish.",
        "name": "Name",
        "date": "Date",
        "answer": "Answer",
        "not_answered": "Not answered",
        "blank_hint": "Tick one box for each question: a number from 1 to 10 or one of the boxes at the end.",
        "page": "Page",
    },
    "ar": {
        "question_of": "السؤال {n} من {total}",
        "choose": "اختر الرقم الأنسب. 1 هو الأدنى و10 هو الأعلى.",
        "or": "أو",
        "next": "احفظ وتابع",
        "back": "رجوع",
        "skip": "تخطَّ",
        "summary": "إجاباتك",
        "agreed": "اتفقنا على الإجابات معًا",
        "finish": "إنهاء",
        "thanks": "شكرًا. تم حفظ إجاباتك.",
        "hand_back": "من فضلك أعِد الشاشة الآن إلى الموظف المسؤول عن ملفك.",
        "missing": "هذا النص غير متوفر بلغتك بعد. يظهر باللغة الدنماركية.",
        "name": "الاسم",
        "date": "التاريخ",
        "answer": "الإجابة",
        "not_answered": "لم تتم الإجابة",
        "blank_hint": "ضع علامة واحدة لكل سؤال: رقم من 1 إلى 10 أو أحد المربعات في النهاية.",
        "page": "صفحة",
    },
    "prs": {
        "question_of": "سؤال {n} از {total}",
        "choose": "عددی را انتخاب کنید که بهتر مناسب است. ۱ پایین‌ترین و ۱۰ بالاترین است.",
        "or": "یا",
        "next": "ذخیره و ادامه",
        "back": "برگشت",
        "skip": "رد شدن",
        "summary": "جواب‌های شما",
        "agreed": "ما جواب‌ها را با هم توافق کردیم",
        "finish": "پایان",
        "thanks": "تشکر. جواب‌های شما ذخیره شد.",
        "hand_back": "لطفاً حالا صفحه را دوباره به مسئول پرونده‌تان بدهید.",
        "missing": "این متن هنوز به زبان شما موجود نیست. به دنمارکی نشان داده می‌شود.",
        "name": "نام",
        "date": "تاریخ",
        "answer": "جواب",
        "not_answered": "جواب داده نشده",
        "blank_hint": "برای هر سؤال یک علامت بگذارید: یک عدد از ۱ تا ۱۰ یا یکی از خانه‌های آخر.",
        "page": "صفحه",
    },
    "fa": {
        "question_of": "پرسش {n} از {total}",
        "choose": "عددی را انتخاب کنید که بیشتر از همه مناسب است. ۱ کمترین و ۱۰ بیشترین است.",
        "or": "یا",
        "next": "ذخیره و ادامه",
        "back": "بازگشت",
        "skip": "رد کردن",
        "summary": "پاسخ‌های شما",
        "agreed": "پاسخ‌ها را با هم توافق کردیم",
        "finish": "پایان",
        "thanks": "متشکریم. پاسخ‌های شما ذخیره شد.",
        "hand_back": "لطفاً حالا صفحه را به کارشناس پرونده‌تان برگردانید.",
        "missing": "این متن هنوز به زبان شما موجود نیست. به دانمارکی نشان داده می‌شود.",
        "name": "نام",
        "date": "تاریخ",
        "answer": "پاسخ",
        "not_answered": "بی‌پاسخ",
        "blank_hint": "برای هر پرسش یک علامت بزنید: عددی از ۱ تا ۱۰ یا یکی از خانه‌های آخر.",
        "page": "صفحه",
    },
    "ti": {
        "question_of": "ሕቶ {n} ካብ {total}",
        "choose": "እቲ ዝበለጸ ዝሰማማዕ ቁጽሪ ምረጹ። 1 ዝተሓተ፡ 10 ዝለዓለ እዩ።",
        "or": "ወይ",
        "next": "ዓቕብ ቀጽል",
        "back": "ተመለስ",
        "skip": "ሕለፍ",
        "summary": "መልስታትኩም",
        "agreed": "ብሓባር ኣብ መልስታት ተሰማሚዕና",
        "finish": "ወድእ",
        "thanks": "የቐንየልና። መልስታትኩም ተዓቂቡ ኣሎ።",
        "hand_back": "በጃኹም ሕጂ ነቲ ስክሪን ናብ ሰራሕተኛ ጉዳይኩም መልሱ።",
        "missing": "እዚ ጽሑፍ ብቋንቋኹም ገና የለን። ብዴንማርክኛ ይርአ።",
        "name": "ስም",
        "date": "ዕለት",
        "answer": "መልሲ",
        "not_answered": "ኣይተመለሰን",
        "blank_hint": "ንነፍሲ ወከፍ ሕቶ ሓደ ምልክት ግበሩ፡ ካብ 1 ክሳብ 10 ቁጽሪ ወይ ሓደ ካብቶም ኣብ መወዳእታ ዘለዉ ሳጹናት።",
        "page": "ገጽ",
    },
    "so": {
        "question_of": "Su'aasha {n} ee {total}",
        "choose": "Dooro lambarka sida ugu fiican ku habboon. 1 waa ugu hooseeya, 10 waa ugu sarreeya.",
        "or": "Ama",
        "next": "Kaydi oo sii wad",
        "back": "Dib u noqo",
        "skip": "Ka bood",
        "summary": "Jawaabahaaga",
        "agreed": "Jawaabaha waan ku heshiinnay wadajir",
        "finish": "Dhammee",
        "thanks": "Mahadsanid. Jawaabahaaga waa la kaydiyay.",
        "hand_back": "Fadlan hadda shaashadda u celi shaqaalaha kiiskaaga.",
        "missing": "Qoraalkan weli lagama helo luqaddaada. Waxaa lagu muujiyay af-Deenish.",
        "name": "Magac",
        "date": "Taariikh",
        "answer": "Jawaab",
        "not_answered": "Lama jawaabin",
        "blank_hint": "Su'aal kasta hal calaamad dhig: lambar 1 ilaa 10 ama mid ka mid ah sanduuqyada dhammaadka.",
        "page": "Bogga",
    },
    "uk": {
        "question_of": "Питання {n} з {total}",
        "choose": "Виберіть число, яке підходить найкраще. 1 — найнижче, 10 — найвище.",
        "or": "Або",
        "next": "Зберегти й далі",
        "back": "Назад",
        "skip": "Пропустити",
        "summary": "Ваші відповіді",
        "agreed": "Ми погодили відповіді разом",
        "finish": "Завершити",
        "thanks": "Дякуємо. Ваші відповіді збережено.",
        "hand_back": "Тепер, будь ласка, поверніть екран працівникові, який веде вашу справу.",
        "missing": "Цього тексту ще немає вашою мовою. Його показано данською.",
        "name": "Ім'я",
        "date": "Дата",
        "answer": "Відповідь",
        "not_answered": "Без відповіді",
        "blank_hint": "Позначте одну відповідь на кожне питання: число від 1 до 10 або одне з полів наприкінці.",
        "page": "Сторінка",
    },
}


def labels_for(language: str) -> tuple[dict[str, str], bool]:
    """The texts in `language` with Danish for any missing, and whether any was missing."""
    own = TRANSLATIONS.get(language, {}) if language != "da" else DANISH
    merged = {key: own.get(key) or text for key, text in DANISH.items()}
    return merged, any(not own.get(key) for key in DANISH)


@dataclass(frozen=True)
class FormLanguage:
    """A language of a form as a link shows it: its own name, and the interface's name for it."""

    code: str
    own_name: str
    local_name: str
    dir: str


def form_languages(codes: list[str]) -> list[FormLanguage]:
    """Each of `codes` named in itself and in the interface language (Danish by default).

    The own name carries its code and direction so a right-to-left name is laid out on its
    own and does not reorder the names around it; the local name is left out where it says
    the same (Dansk in Danish).
    """
    local = dict(CITIZEN_LANGUAGES)
    languages = []
    for code in codes:
        own_name = OWN_NAMES.get(code, code)
        local_name = str(local.get(code, ""))
        languages.append(
            FormLanguage(
                code=code,
                own_name=own_name,
                local_name="" if local_name == own_name else local_name,
                dir=direction(code),
            )
        )
    return languages
