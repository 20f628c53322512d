"""Reference data for the synthetic demo-data generator.

Pure data, no Django imports, so it can be used from scripts and tests alike.
All person names are drawn independently and combined at random; the lists avoid
surnames that would pair with a listed first name into a well-known public figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------------------
# Municipalities
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRef:
    code: str
    name: str
    slug: str
    size_group: str
    population: int
    project: bool


# The 17 project municipalities have a size group fixed by the project itself,
# which does not always match their population (e.g. Norddjurs is "large").
_PROJECT_SIZE_GROUPS: dict[str, str] = {
    "810": "small",  # Brønderslev
    "840": "small",  # Rebild
    "820": "small",  # Vesthimmerland
    "480": "small",  # Nordfyns
    "350": "small",  # Lejre
    "710": "medium",  # Favrskov
    "779": "medium",  # Skive
    "430": "medium",  # Faaborg-Midtfyn
    "420": "medium",  # Assens
    "479": "medium",  # Svendborg
    "730": "large",  # Randers
    "707": "large",  # Norddjurs
    "706": "large",  # Syddjurs
    "540": "large",  # Sønderborg
    "461": "large",  # Odense
    "316": "large",  # Holbæk
    "217": "large",  # Helsingør
}

# (code, name, approximate population ~2024). Names follow Danmarks Statistik's
# short form. 411 Christiansø is deliberately absent: it is not a municipality.
_MUNICIPALITY_ROWS: tuple[tuple[str, str, int], ...] = (
    # Region Hovedstaden
    ("101", "København", 660_000),
    ("147", "Frederiksberg", 105_000),
    ("151", "Ballerup", 52_000),
    ("153", "Brøndby", 39_000),
    ("155", "Dragør", 15_000),
    ("157", "Gentofte", 75_000),
    ("159", "Gladsaxe", 70_000),
    ("161", "Glostrup", 24_000),
    ("163", "Herlev", 30_000),
    ("165", "Albertslund", 28_000),
    ("167", "Hvidovre", 54_000),
    ("169", "Høje-Taastrup", 58_000),
    ("173", "Lyngby-Taarbæk", 57_000),
    ("175", "Rødovre", 41_000),
    ("183", "Ishøj", 24_000),
    ("185", "Tårnby", 44_000),
    ("187", "Vallensbæk", 17_000),
    ("190", "Furesø", 41_000),
    ("201", "Allerød", 26_000),
    ("210", "Fredensborg", 41_000),
    ("217", "Helsingør", 64_000),
    ("219", "Hillerød", 54_000),
    ("223", "Hørsholm", 25_000),
    ("230", "Rudersdal", 57_000),
    ("240", "Egedal", 44_000),
    ("250", "Frederikssund", 46_000),
    ("260", "Halsnæs", 31_000),
    ("270", "Gribskov", 41_000),
    ("400", "Bornholm", 39_000),
    # Region Sjælland
    ("253", "Greve", 51_000),
    ("259", "Køge", 62_000),
    ("265", "Roskilde", 90_000),
    ("269", "Solrød", 24_000),
    ("306", "Odsherred", 33_000),
    ("316", "Holbæk", 73_000),
    ("320", "Faxe", 38_000),
    ("326", "Kalundborg", 48_000),
    ("329", "Ringsted", 36_000),
    ("330", "Slagelse", 80_000),
    ("336", "Stevns", 23_000),
    ("340", "Sorø", 30_000),
    ("350", "Lejre", 29_000),
    ("360", "Lolland", 40_000),
    ("370", "Næstved", 84_000),
    ("376", "Guldborgsund", 60_000),
    ("390", "Vordingborg", 45_000),
    # Region Syddanmark
    ("410", "Middelfart", 40_000),
    ("420", "Assens", 41_000),
    ("430", "Faaborg-Midtfyn", 51_000),
    ("440", "Kerteminde", 24_000),
    ("450", "Nyborg", 32_000),
    ("461", "Odense", 207_000),
    ("479", "Svendborg", 59_000),
    ("480", "Nordfyns", 30_000),
    ("482", "Langeland", 12_000),
    ("492", "Ærø", 6_000),
    ("510", "Haderslev", 56_000),
    ("530", "Billund", 27_000),
    ("540", "Sønderborg", 74_000),
    ("550", "Tønder", 37_000),
    ("561", "Esbjerg", 115_000),
    ("563", "Fanø", 3_500),
    ("573", "Varde", 50_000),
    ("575", "Vejen", 43_000),
    ("580", "Aabenraa", 59_000),
    ("607", "Fredericia", 52_000),
    ("621", "Kolding", 95_000),
    ("630", "Vejle", 121_000),
    # Region Midtjylland
    ("615", "Horsens", 98_000),
    ("657", "Herning", 90_000),
    ("661", "Holstebro", 59_000),
    ("665", "Lemvig", 19_000),
    ("671", "Struer", 21_000),
    ("706", "Syddjurs", 44_000),
    ("707", "Norddjurs", 37_000),
    ("710", "Favrskov", 49_000),
    ("727", "Odder", 23_000),
    ("730", "Randers", 99_000),
    ("740", "Silkeborg", 100_000),
    ("741", "Samsø", 3_700),
    ("746", "Skanderborg", 64_000),
    ("751", "Aarhus", 365_000),
    ("756", "Ikast-Brande", 42_000),
    ("760", "Ringkøbing-Skjern", 56_000),
    ("766", "Hedensted", 48_000),
    ("779", "Skive", 46_000),
    ("791", "Viborg", 98_000),
    # Region Nordjylland
    ("773", "Morsø", 20_000),
    ("787", "Thisted", 43_000),
    ("810", "Brønderslev", 36_000),
    ("813", "Frederikshavn", 58_000),
    ("820", "Vesthimmerland", 36_000),
    ("825", "Læsø", 1_800),
    ("840", "Rebild", 31_000),
    ("846", "Mariagerfjord", 42_000),
    ("849", "Jammerbugt", 38_000),
    ("851", "Aalborg", 222_000),
    ("860", "Hjørring", 64_000),
)

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def slugify_da(name: str) -> str:
    """ASCII slug with the Danish transliteration (æ->ae, ø->oe, å->aa)."""
    slug = re.sub(r"[\s-]+", "-", name.lower().translate(_DANISH_LETTERS))
    assert slug.isascii(), slug
    return slug


def size_group_for(population: int) -> str:
    """Size group from population; used for the non-project municipalities."""
    if population < 25_000:
        return "xsmall"
    if population < 40_000:
        return "small"
    if population < 60_000:
        return "medium"
    if population <= 200_000:
        return "large"
    return "xlarge"


MUNICIPALITIES: tuple[MunicipalityRef, ...] = tuple(
    MunicipalityRef(
        code=code,
        name=name,
        slug=slugify_da(name),
        size_group=_PROJECT_SIZE_GROUPS.get(code) or size_group_for(population),
        population=population,
        project=code in _PROJECT_SIZE_GROUPS,
    )
    for code, name, population in _MUNICIPALITY_ROWS
)

# --------------------------------------------------------------------------------------
# Countries of origin
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OriginRef:
    country: str  # ISO 3166-1 alpha-2
    weight: int  # relative inflow 2014-2024
    refugee_share: float  # refugees vs. family-reunified, 0..1
    languages: tuple[str, ...]  # codes of citizens.languages, most likely first
    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    surnames: tuple[str, ...]


# Name tables are kept compact (several per line) on purpose, hence fmt: off.
# Spellings follow common Latin transliterations as seen in Danish registers.
# Surnames are gender-invariant so the generator never needs to inflect them
# (hence e.g. no Russian -ov/-ova or Ukrainian -skyi/-ska forms).
# fmt: off
ORIGINS: tuple[OriginRef, ...] = (
    OriginRef(
        country="SY",
        weight=30,
        refugee_share=0.75,
        languages=("ar", "ku"),
        male_first=(
            "Mohammad", "Ahmad", "Mahmoud", "Khaled", "Omar", "Ali", "Hassan", "Hussein",
            "Yousef", "Ibrahim", "Abdullah", "Mustafa", "Rami", "Samer", "Fadi", "Walid",
            "Tarek", "Ammar", "Bilal", "Karim", "Majd", "Anas", "Hamza", "Firas", "Jamal",
            "Ziad", "Wael", "Yazan", "Adnan",
        ),
        female_first=(
            "Rama", "Hala", "Fatima", "Aya", "Rasha", "Lina", "Reem", "Nour", "Sara",
            "Maryam", "Amal", "Dima", "Rana", "Hiba", "Salma", "Yasmin", "Nada", "Ghada",
            "Manal", "Huda", "Layla", "Zainab", "Samar", "Batoul", "Rawan", "Asmaa", "Joud",
        ),
        surnames=(
            "Al-Hassan", "Haddad", "Al-Ahmad", "Al-Ali", "Al-Khatib", "Khalil", "Hamdan",
            "Al-Masri", "Darwish", "Al-Halabi", "Al-Hamwi", "Sabbagh", "Kassem", "Othman",
            "Al-Omar", "Sulaiman", "Al-Hussein", "Youssef", "Ibrahim", "Mansour", "Al-Sayed",
            "Nasser", "Al-Shami", "Aziz", "Al-Abdullah", "Hijazi", "Al-Rifai",
        ),
    ),
    OriginRef(
        country="ER",
        weight=15,
        refugee_share=0.7,
        languages=("ti", "ar"),
        male_first=(
            "Yonas", "Tesfay", "Dawit", "Samuel", "Yohannes", "Filmon", "Mehari", "Habtom",
            "Kidane", "Berhane", "Tekle", "Efrem", "Aron", "Mussie", "Henok", "Senay",
            "Amanuel", "Bereket", "Daniel", "Natnael", "Robel", "Yemane", "Goitom", "Teklit",
            "Mikael", "Abel", "Nahom", "Simon",
        ),
        female_first=(
            "Semhar", "Helen", "Selam", "Luwam", "Freweyni", "Saba", "Yordanos", "Senait",
            "Rahel", "Hiwet", "Mebrat", "Ruta", "Feven", "Winta", "Eden", "Meron", "Tsega",
            "Mihret", "Hanna", "Abrehet", "Mizan", "Delina", "Lidia", "Yohana", "Elsa",
            "Tirhas", "Sara",
        ),
        # Patronymic: the father's given name serves as surname.
        surnames=(
            "Tesfamariam", "Gebremedhin", "Tesfay", "Haile", "Kidane", "Berhe", "Gebrehiwet",
            "Tekle", "Woldu", "Mehari", "Habte", "Andemariam", "Ghirmay", "Negash",
            "Yohannes", "Tesfaldet", "Araya", "Ghebremichael", "Asmerom", "Weldemichael",
            "Fessehaye", "Kahsay", "Mengsteab", "Okbay", "Tsegay", "Zerai", "Abraha",
        ),
    ),
    OriginRef(
        country="AF",
        weight=10,
        refugee_share=0.75,
        languages=("prs", "ps"),
        male_first=(
            "Mohammad", "Ahmad", "Ali", "Hamid", "Mahmood", "Farid", "Jawad", "Karim",
            "Mustafa", "Habib", "Nasir", "Rahim", "Zabiullah", "Hekmatullah", "Najibullah",
            "Wahid", "Sohrab", "Mirwais", "Rahmatullah", "Javid", "Ehsan", "Reza", "Omid",
            "Shafiq", "Khalid", "Samiullah", "Bashir", "Qasim",
        ),
        female_first=(
            "Fatima", "Zahra", "Maryam", "Freshta", "Marzia", "Shabnam", "Parwana", "Mursal",
            "Soraya", "Nilofar", "Masooda", "Farzana", "Gulalai", "Hadia", "Laila", "Mahtab",
            "Roya", "Sima", "Tamana", "Wahida", "Yalda", "Zarghona", "Khadija", "Hamida",
            "Shakila", "Malalai",
        ),
        surnames=(
            "Ahmadi", "Hussaini", "Rahimi", "Mohammadi", "Hakimi", "Sultani", "Noori", "Amiri",
            "Haidari", "Jafari", "Sharifi", "Popal", "Stanekzai", "Safi", "Wardak", "Nazari",
            "Sadat", "Azizi", "Qaderi", "Rasuli", "Hashimi", "Samadi", "Habibi", "Akbari",
            "Alizada", "Jalali",
        ),
    ),
    OriginRef(
        country="UA",
        weight=12,
        # Ukrainians came under the special act (særlov); treated as refugees.
        refugee_share=0.98,
        languages=("uk", "ru"),
        male_first=(
            "Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Ivan", "Yurii", "Oleksii",
            "Vasyl", "Viktor", "Maksym", "Bohdan", "Taras", "Roman", "Petro", "Pavlo", "Ihor",
            "Vitalii", "Artem", "Denys", "Yevhen", "Mykhailo", "Anatolii", "Vladyslav",
            "Stanislav", "Ruslan", "Kyrylo",
        ),
        female_first=(
            "Olena", "Olha", "Iryna", "Nataliia", "Tetiana", "Svitlana", "Oksana", "Yuliia",
            "Kateryna", "Mariia", "Anastasiia", "Viktoriia", "Halyna", "Liudmyla", "Nadiia",
            "Alina", "Daryna", "Sofiia", "Anna", "Valentyna", "Larysa", "Inna", "Khrystyna",
            "Yana", "Zoriana", "Oleksandra", "Liliia",
        ),
        surnames=(
            "Kovalenko", "Kravchenko", "Kovalchuk", "Oliinyk", "Rudenko", "Marchenko",
            "Petrenko", "Ponomarenko", "Vasylenko", "Polishchuk", "Hnatiuk", "Savchuk",
            "Romaniuk", "Kravets", "Didenko", "Fedorenko", "Shapoval", "Tymchenko",
            "Yakovenko", "Sydorenko", "Prokopenko", "Nazarenko", "Horbenko", "Demchenko",
            "Mazur", "Tarasenko", "Danylenko", "Semeniuk",
        ),
    ),
    OriginRef(
        country="IR",
        weight=5,
        refugee_share=0.7,
        languages=("fa",),
        male_first=(
            "Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Amir", "Hamid", "Saeed", "Majid",
            "Behrouz", "Farhad", "Kian", "Arash", "Babak", "Dariush", "Kaveh", "Omid",
            "Peyman", "Pouya", "Ramin", "Shahin", "Siavash", "Vahid", "Navid", "Morteza",
            "Sina", "Milad", "Hamed",
        ),
        female_first=(
            "Maryam", "Fatemeh", "Zahra", "Sara", "Nazanin", "Leila", "Mina", "Neda", "Parisa",
            "Shirin", "Roya", "Elham", "Mahsa", "Negar", "Samira", "Azadeh", "Bahar",
            "Golnar", "Hoda", "Mitra", "Nasrin", "Shabnam", "Tara", "Yasaman", "Ziba",
            "Farnaz", "Setareh",
        ),
        surnames=(
            "Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Jafari", "Rahimi",
            "Hashemi", "Kazemi", "Sadeghi", "Ebrahimi", "Ghasemi", "Azizi", "Najafi",
            "Mousavi", "Rostami", "Ansari", "Nazari", "Safari", "Heidari", "Tehrani",
            "Shirazi", "Farahani", "Bagheri", "Akbari", "Zamani", "Salehi",
        ),
    ),
    OriginRef(
        country="SO",
        weight=5,
        refugee_share=0.45,
        languages=("so",),
        male_first=(
            "Mohamed", "Abdi", "Ahmed", "Abdirahman", "Abdullahi", "Hassan", "Hussein", "Ali",
            "Omar", "Yusuf", "Ismail", "Mahad", "Liban", "Farah", "Guled", "Abdikarim",
            "Abdiaziz", "Mukhtar", "Said", "Bashir", "Hamza", "Ayanle", "Warsame", "Jama",
            "Nur", "Osman", "Khalid",
        ),
        female_first=(
            "Fadumo", "Hodan", "Amina", "Asha", "Hawa", "Halimo", "Sahra", "Ubah", "Nimco",
            "Ifrah", "Deqa", "Ayan", "Hibo", "Khadra", "Filsan", "Sagal", "Maryan", "Muna",
            "Naima", "Safiya", "Ladan", "Sucdi", "Hamdi", "Idil", "Nasra", "Farhiya",
            "Zamzam",
        ),
        # Patronymic like Eritrea; typically the father's or grandfather's name.
        surnames=(
            "Mohamed", "Abdi", "Ahmed", "Hassan", "Ali", "Omar", "Warsame", "Jama", "Nur",
            "Osman", "Yusuf", "Ismail", "Abdullahi", "Hussein", "Aden", "Elmi", "Egal",
            "Dahir", "Gedi", "Samatar", "Guled", "Ibrahim", "Abdirahman", "Shire", "Duale",
            "Warfa", "Adan",
        ),
    ),
    OriginRef(
        country="IQ",
        weight=4,
        refugee_share=0.5,
        languages=("ar", "ku"),
        male_first=(
            "Ali", "Hussein", "Ahmed", "Mohammed", "Mustafa", "Haider", "Abbas", "Karrar",
            "Murtadha", "Hassan", "Omar", "Zaid", "Yasser", "Sajjad", "Ammar", "Qasim",
            "Salam", "Falah", "Kamal", "Rebwar", "Karwan", "Dilshad", "Shwan", "Hawre",
            "Hamid", "Ibrahim", "Saad",
        ),
        female_first=(
            "Zainab", "Fatima", "Maryam", "Noor", "Huda", "Sara", "Ruqaya", "Zahraa",
            "Shahad", "Israa", "Duaa", "Rusul", "Hawraa", "Sura", "Nawal", "Suha", "Amal",
            "Sawsan", "Shilan", "Bahar", "Nasrin", "Avin", "Rozhin", "Lana", "Dilan", "Hana",
            "Tara",
        ),
        surnames=(
            "Al-Jubouri", "Al-Obaidi", "Al-Dulaimi", "Al-Tamimi", "Al-Rubaie", "Al-Saadi",
            "Al-Shammari", "Al-Zubaidi", "Al-Bayati", "Al-Khafaji", "Al-Amiri", "Al-Musawi",
            "Al-Janabi", "Al-Azzawi", "Al-Karkhi", "Hamad", "Rashid", "Mahmoud", "Aziz",
            "Ahmed", "Rasul", "Karim", "Salih", "Mustafa", "Qadir", "Othman",
        ),
    ),
    OriginRef(
        country="ET",
        weight=2,
        refugee_share=0.35,
        languages=("am", "ti"),
        male_first=(
            "Abebe", "Dawit", "Tesfaye", "Getachew", "Yohannes", "Solomon", "Alemayehu",
            "Mulugeta", "Girma", "Kebede", "Tadesse", "Yared", "Henok", "Biniyam", "Eyob",
        ),
        female_first=(
            "Tigist", "Meseret", "Hiwot", "Selamawit", "Bethlehem", "Mekdes", "Almaz",
            "Aster", "Genet", "Tsehay", "Rahel", "Mahlet", "Eleni", "Hanna", "Frehiwot",
        ),
        surnames=(
            "Bekele", "Tadesse", "Girma", "Alemu", "Kebede", "Haile", "Tesfaye", "Abebe",
            "Mekonnen", "Desta", "Wolde", "Gebre", "Negash", "Tefera", "Ayele",
        ),
    ),
    OriginRef(
        country="SD",
        weight=2,
        refugee_share=0.6,
        languages=("ar",),
        male_first=(
            "Mohamed", "Ahmed", "Osman", "Abdelrahman", "Ibrahim", "Mustafa", "Hamid", "Adam",
            "Yasir", "Khalid", "Babiker", "Mubarak", "Tarig", "Hatim", "Elfatih",
        ),
        female_first=(
            "Fatima", "Amna", "Hawa", "Mariam", "Samia", "Nafisa", "Aisha", "Sara", "Huda",
            "Ikhlas", "Nagla", "Rabab", "Tasneem", "Zeinab", "Salma",
        ),
        surnames=(
            "Osman", "Abdalla", "Elhassan", "Babiker", "Adam", "Ibrahim", "Musa", "Yousif",
            "Elamin", "Idris", "Hamad", "Elsheikh", "Ahmed", "Abdelrahim", "Mahgoub",
        ),
    ),
    OriginRef(
        country="RU",
        weight=1,
        refugee_share=0.4,
        languages=("ru",),
        male_first=(
            "Aleksandr", "Sergei", "Dmitrii", "Andrei", "Aleksei", "Ivan", "Mikhail", "Pavel",
            "Maksim", "Artem", "Denis", "Roman", "Igor", "Kirill",
        ),
        female_first=(
            "Elena", "Olga", "Tatiana", "Natalia", "Irina", "Svetlana", "Anna", "Mariia",
            "Ekaterina", "Anastasiia", "Iuliia", "Kseniia", "Daria",
        ),
        # Gender-invariant Russian surnames (-ykh/-ikh, -enko, -ich, -ets).
        surnames=(
            "Belykh", "Sedykh", "Dolgikh", "Kruglykh", "Kosykh", "Gladkikh", "Makarenko",
            "Sidorenko", "Grinevich", "Karpovich", "Yurchenko", "Kuzmenko", "Shevchuk",
            "Lukashevich", "Zhuravets",
        ),
    ),
    OriginRef(
        country="TR",
        weight=2,
        refugee_share=0.15,
        languages=("tr", "ku"),
        # Turkish letters reduced to what Danish registers commonly store (keep ö/ü).
        male_first=(
            "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "Ibrahim", "Murat",
            "Emre", "Serkan", "Yusuf", "Osman", "Kadir", "Ömer",
        ),
        female_first=(
            "Ayse", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Özlem", "Sevgi",
            "Gül", "Derya", "Esra", "Hülya",
        ),
        surnames=(
            "Yilmaz", "Kaya", "Demir", "Koc", "Celik", "Yildiz", "Öztürk", "Aydin",
            "Özdemir", "Arslan", "Dogan", "Kilic", "Aslan", "Cetin", "Kara",
        ),
    ),
    OriginRef(
        country="TH",
        weight=3,
        refugee_share=0.02,
        languages=("th",),
        male_first=(
            "Somchai", "Somsak", "Prasert", "Sombat", "Wichai", "Anan", "Kittisak",
            "Nattapong", "Chaiwat", "Surasak", "Thanawat", "Sakchai",
        ),
        female_first=(
            "Siriporn", "Nattaya", "Kanya", "Malee", "Pranee", "Somying", "Wanida", "Jintana",
            "Ratana", "Ampai", "Sunisa", "Porntip", "Orathai", "Kannika",
        ),
        surnames=(
            "Srisuk", "Saetang", "Wongsakul", "Chaiyaporn", "Sukprasert", "Thongdee",
            "Kaewkao", "Boonmee", "Jaidee", "Suwannarat", "Rattanakorn", "Phromma",
            "Inthasorn", "Srisawat",
        ),
    ),
    OriginRef(
        country="PH",
        weight=2,
        refugee_share=0.02,
        languages=("tl", "en"),
        male_first=(
            "Jose", "Mark", "Carlo", "Miguel", "Paolo", "Ramon", "Rodel", "Jerome", "Noel",
            "Romeo", "Arnel", "Jayson", "Ronaldo",
        ),
        female_first=(
            "Maria", "Ana", "Rosalie", "Maricel", "Marites", "Jocelyn", "Mary Joy",
            "Kristine", "Lorna", "Analyn", "Jennifer", "Rowena", "Liza", "Cristina",
        ),
        surnames=(
            "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres",
            "Tomas", "Andrada", "Castillo", "Flores", "Villanueva", "Ramos", "Dela Cruz",
            "Del Rosario", "Gonzales",
        ),
    ),
)
# fmt: on
