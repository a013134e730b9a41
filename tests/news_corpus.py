"""A generated Arabic news corpus for the load, race and kill tests (tests/test_concurrency_load.py):
stories of several kinds of event (shelling, floods, fires, releases of detainees, aid convoys,
outbreaks), each told by an original report, copies of it by other outlets (with a dateline put
before it, a sentence added, a sentence dropped, a word or two changed) and at times a report of
the same event in other words; and unrelated items of a story of their own. Written from
templates with places, figures, people and days drawn by a seeded random: the same seed, the same
corpus. No real article is in it."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

PLACES = ["حلب", "حمص", "إدلب", "درعا", "الرقة", "الموصل", "كركوك", "البصرة", "الفاشر", "نيالا",
          "كسلا", "خان يونس", "رفح", "صيدا", "الزبداني", "دوما", "جبلة"]
FIRST = ["محمد", "أحمد", "خالد", "يوسف", "سامر", "رامي", "باسل", "عماد", "وائل", "هشام", "نبيل", "طارق",
         "ماجد", "فراس", "غسان", "مازن", "زياد", "عادل", "كريم", "سليم", "منير", "نزار", "حسام", "معتز"]
LAST = ["الحسن", "العلي", "الخطيب", "الأحمد", "النجار", "الحداد", "السيد", "المصري", "الشامي", "العمر",
        "الزعبي", "البكري", "الصالح", "الحلبي", "القاسم", "الجابر", "الراشد", "الدباغ", "العطار", "الكردي"]
ROLES = ["مدير الدفاع المدني في المدينة", "مدير مستشفى المدينة", "رئيس المجلس المحلي",
         "المتحدث باسم مديرية الصحة", "عضو لجنة الطوارئ", "مسؤول الإعلام في الهلال الأحمر"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول"]
OUTLETS = ["wire-east", "daily-north", "sham-news", "nahar-net", "sahel-post", "gulf-today", "rafidain-tv",
           "nile-herald", "atlas-press", "levant-24"]
AGENCIES = ["وكالة الأنباء المحلية", "وكالة المشرق", "وكالة الساحل", "وكالة الرافدين"]

# Each kind: titles; leads (the original takes one, another outlet's own report of the same
# event another: the same facts in other words); and sentences for the body, of which the
# original takes some and the other report others, so that the two share no sentence. «[a|b|c]»
# is a choice of words made once for each event: two events of a kind are told in other words,
# and are not copies of each other.
KINDS: dict[str, dict[str, Any]] = {
    "shelling": {
        "titles": ["قتلى وجرحى في قصف على {place}", "{n} قتيلا بقصف [استهدف|طال] {place}"],
        "leads": [
            "قتل {n} مدنيين وأصيب {m} آخرون في قصف {weapon} [استهدف|طال|ضرب] {target} في [مدينة|بلدة] {place} "
            "{when}، [بحسب ما أعلن|وفق ما ذكر] الدفاع المدني [في بيان|في حصيلة أولية].",
            "أعلنت مديرية الصحة في {place} أن [حصيلة|ضحايا] القصف الذي [تعرضت له|شهدته] المدينة {when} [بلغت|وصلت إلى] "
            "{n} قتيلا و{m} جريحا، [معظمهم|أغلبهم] من النساء والأطفال.",
            "[لقي|سقط] {n} [شخصا|مدنيا] [حتفهم|قتلى] [وجرح|وأصيب] {m} [جراء|في] [غارات|ضربات] {weapon2} على [أحياء|أطراف] "
            "{place} {when}، [حسب|استنادا إلى] [مصادر طبية|شهود عيان|ناشطين محليين].",
        ],
        "body": [
            "[وقال|وأكد|وأوضح] {person}، {role}، [إن|أن] فرق [الإسعاف|الإنقاذ] نقلت {m} جريحا إلى [المستشفيات|المراكز "
            "الطبية]، [بينهم|منهم] {k} في حالة [حرجة|خطرة].",
            "[وأفاد|وذكر|وروى] [شهود عيان|سكان من الحي|مراسلون محليون] [بأن|أن] {k2} قذيفة [سقطت على|أصابت] {target2} "
            "خلال {minutes} دقيقة [فقط|تقريبا].",
            "[وأضاف|وتابع] {person2} أن [الفرق|المتطوعين] [ما زالوا يبحثون|يواصلون البحث] عن مفقودين تحت أنقاض {k} "
            "[مبان|بنايات] [مدمرة|منهارة].",
            "[وطالبت|ودعت] [منظمات حقوقية|هيئات أممية|نقابة الأطباء] [بفتح|إلى فتح] تحقيق [مستقل|عاجل] في [الهجوم|"
            "المجزرة] على {place}.",
            "[وأغلقت|وعلقت] السلطات المحلية [المدارس والأسواق|الدوام في المدارس] في {place} يوم {weekday2} [خشية|تحسبا "
            "من] تجدد القصف.",
            "[ونقلت|وذكرت] مصادر طبية أن مستشفى {place} [الوطني|الجامعي] يعاني [نقصا حادا|شحا كبيرا] في [أكياس الدم|"
            "المستلزمات الجراحية|أدوية التخدير].",
            "[وشيع|ودفن] [الأهالي|السكان] {k} من [الضحايا|القتلى] [في مقبرة|بمقبرة] [البلدة|المدينة] [مساء|ظهر] "
            "اليوم نفسه.",
        ],
    },
    "flood": {
        "titles": ["سيول تغمر قرى في ريف {place}", "[نزوح|تشريد] {m} أسرة بسبب السيول في {place}"],
        "leads": [
            "غمرت السيول {n} منزلا في قرى ريف {place} [بعد|إثر] أمطار [غزيرة|طوفانية] هطلت {when}، ما [أجبر|اضطر] "
            "{m} أسرة [على النزوح|إلى النزوح] إلى مراكز إيواء [مؤقتة|عاجلة].",
            "نزحت {m} أسرة من قرى ريف {place} {when} [بعدما|بعد أن] جرفت مياه الأمطار {n} منزلا وقطعت الطرق "
            "[المؤدية إلى|نحو] المدينة.",
            "[اجتاحت|ضربت] فيضانات [مفاجئة|عارمة] ريف {place} {when}، [فدمرت|وألحقت أضرارا بـ] {n} منزلا [وشردت|"
            "ودفعت] {m} أسرة [إلى العراء|إلى المدارس].",
        ],
        "body": [
            "[وقال|وأوضح] {person}، {role}، [إن|أن] مياه [الفيضان|السيول] [وصلت إلى|بلغت] ارتفاع {k} أمتار في [بعض "
            "الأحياء المنخفضة|الوديان القريبة].",
            "[وأشار|ولفت] {person2} إلى أن {k2} مدرسة [تحولت|حولت] إلى [مراكز لإيواء|ملاجئ تستقبل] العائلات "
            "[المتضررة|المنكوبة].",
            "[وقدرت|وأحصت] لجنة الطوارئ الخسائر [الأولية|المبدئية] بنحو {money} مليون دولار في [المحاصيل والمواشي|"
            "البساتين والطرق].",
            "[وتوقعت|ورجحت] دائرة الأرصاد [استمرار|تواصل] الأمطار حتى يوم {weekday2} مع [احتمال|خطر] [تشكل|تجدد] "
            "السيول.",
            "[وانقطعت|وتوقفت] الكهرباء عن {k2} قرية بعد [سقوط|انهيار] أعمدة الشبكة [في الوديان|على الطرق].",
            "[وناشد|ودعا] [سكان القرى|الأهالي|وجهاء المنطقة] المنظمات الإنسانية [تقديم|إلى إرسال] [الخيام والأغطية|"
            "الغذاء والدواء] قبل [حلول البرد|فوات الأوان].",
            "[وانتشلت|وأخرجت] فرق [الإنقاذ|الدفاع المدني] {k} [جثث|ضحايا] [من مجرى الوادي|من تحت الوحل] [حتى الآن|"
            "حتى مساء أمس].",
        ],
    },
    "fire": {
        "titles": ["حريق يلتهم سوقا في {place}", "[النيران|حريق كبير] [تأتي على|يدمر] {n} محلا في {place}"],
        "leads": [
            "التهم حريق [ضخم|هائل] {n} محلا تجاريا في السوق القديم بمدينة {place} {when}، [وأصيب|وأسفر عن إصابة] "
            "{m} شخصا [بحالات اختناق وحروق|بحروق متفاوتة].",
            "أتت النيران على {n} محلا في سوق {place} القديم {when}، [ونقل|وأسعف] {m} مصابا إلى [المستشفى|"
            "المستشفيات]، [وفق ما ذكرت|حسبما أعلنت] فرق الإطفاء.",
            "[اندلع|شب] حريق [واسع|كبير] في [أسواق|سوق] {place} {when} [ودمر|وأتى على] {n} [محلا|متجرا]، [فيما|بينما] "
            "[أصيب|تضرر] {m} [شخصا|من التجار والمارة].",
        ],
        "body": [
            "[وقال|وذكر] {person}، {role}، [إن|أن] {k2} [سيارة|آلية] إطفاء [شاركت|اشتركت] في [إخماد|السيطرة على] "
            "الحريق الذي [استمر|دام] {minutes} دقيقة.",
            "[ورجح|وقدر] {person2} أن يكون [تماس|ماس] كهربائي في [أحد المستودعات|مخزن للأقمشة] [سبب|وراء] اندلاع "
            "النيران.",
            "[وقدر|وحسب] التجار خسائرهم [بأكثر من|بنحو] {money} مليون دولار من [البضائع والمعدات|السلع والأثاث].",
            "[وأغلقت|وطوقت] الشرطة [الطرق المؤدية إلى|محيط] السوق حتى [صباح|ظهر] يوم {weekday2} [لتبريد المكان|لمنع "
            "تجدد النيران].",
            "[وطالب|وناشد] أصحاب المحلات [البلدية|المحافظة] [بتعويضهم|بصرف تعويضات] [وبإعادة تأهيل السوق|وإعادة "
            "الإعمار] في أقرب وقت.",
            "[وأوضحت|وأكدت] فرق الإطفاء أن [ضيق الأزقة|ازدحام الممرات] [أعاق|أخر] وصول [الصهاريج|سيارات الإطفاء] إلى "
            "[قلب السوق|موقع الحريق].",
            "[ونقل|وأسعف] {k} [عمال|رجال إطفاء] [إلى المستشفى|إلى مستوصف قريب] بعد [استنشاقهم|تعرضهم] [للدخان|"
            "للأبخرة السامة].",
        ],
    },
    "release": {
        "titles": ["الإفراج عن معتقلين في {place}", "[خروج|إطلاق سراح] {n} معتقلا في {place}"],
        "leads": [
            "أفرجت السلطات في {place} عن {n} معتقلا {when} [ضمن|في إطار] اتفاق [تسوية|مصالحة]، [فيما|بينما] لا يزال "
            "{m} [آخرون|شخصا] [قيد الاحتجاز|خلف القضبان].",
            "خرج {n} معتقلا من سجون {place} {when} [بموجب|تنفيذا لـ] اتفاق [التسوية|المصالحة]، [وبقي|وظل] {m} محتجزا "
            "[في انتظار|بانتظار] الدفعة التالية.",
            "[أطلق|أخلي] سراح {n} [موقوفا|معتقلا] من أبناء {place} {when}، [في خطوة|ضمن خطوات] [نص عليها|تضمنها] "
            "اتفاق [يشمل|يطال] {m} محتجزا.",
        ],
        "body": [
            "[وقال|وصرح] {person}، {role}، [إن|أن] الدفعة [الثانية|المقبلة] [ستضم|ستشمل] {k2} معتقلا [وستخرج|وتخرج] "
            "[خلال أيام|قبل نهاية الأسبوع].",
            "[وأكد|وأوضح] {person2} أن [بين|من بين] المفرج عنهم {k} نساء [اعتقلن|احتجزن] منذ [أكثر من عام|سنوات].",
            "[واستقبل|وتجمع] [الأهالي|ذوو المعتقلين] [أبناءهم|لاستقبال أبنائهم] في ساحة {place} [الرئيسية|الكبرى] "
            "[وسط أجواء من الفرح|بالزغاريد والهتافات].",
            "[وينص|ويقضي] الاتفاق [على تسليم|بتسليم] {k2} قطعة سلاح [متوسط|خفيف] خلال مهلة [تنتهي|تنقضي] يوم "
            "{weekday2}.",
            "[ودعت|وطالبت] لجنة [الأهالي|المفاوضات] [إلى الكشف عن|بالكشف عن] مصير [المفقودين|المغيبين] الذين لم "
            "[ترد|تظهر] أسماؤهم في [القوائم|اللوائح].",
            "[وأشرفت|وأشرف] [لجنة من الوجهاء|ممثلون عن العشائر] على عملية [الإفراج|الإطلاق] وتسليم المعتقلين إلى "
            "[ذويهم|عائلاتهم].",
            "[وتحدث|وروى] [أحد المفرج عنهم|معتقل سابق] [عن|بشأن] [ظروف احتجاز صعبة|اكتظاظ الزنازين] [طوال|خلال] "
            "{k} أشهر.",
        ],
    },
    "convoy": {
        "titles": ["قافلة مساعدات تصل إلى {place}", "{n} شاحنة [إغاثة|مساعدات] تدخل {place}"],
        "leads": [
            "دخلت قافلة مساعدات [إنسانية|إغاثية] مؤلفة من {n} شاحنة إلى مدينة {place} {when}، [تحمل|محملة بـ] مواد "
            "[غذائية وطبية|غذائية وأدوية] تكفي {m} عائلة.",
            "وصلت {n} شاحنة محملة [بالغذاء والدواء|بالطحين والأدوية] إلى {place} {when}، [وقال|وأفاد] منظمو القافلة "
            "[إنها|أنها] تكفي {m} عائلة [لمدة شهر|لأسابيع].",
            "[عبرت|اجتازت] {n} شاحنة [تابعة للأمم المتحدة|للهلال الأحمر] [الحواجز|المعابر] [نحو|باتجاه] {place} {when}، "
            "[في أول قافلة|ضمن قافلة] [تستفيد منها|تخدم] {m} أسرة.",
        ],
        "body": [
            "[وقال|وأوضح] {person}، {role}، [إن|أن] القافلة [انتظرت|توقفت] {minutes} ساعة على [الحاجز|المعبر] قبل "
            "[السماح لها بالدخول|أن يسمح لها بالعبور].",
            "[وأوضح|وبين] {person2} أن {k2} شاحنة [تحمل|تنقل] [أدوية الأمراض المزمنة|لقاحات] [وحليب الأطفال|"
            "ومستلزمات النظافة].",
            "[وبدأ|وشرع] متطوعون [في توزيع|بتوزيع] السلال الغذائية على [الأحياء الشرقية|المخيمات] يوم {weekday2}.",
            "[وحذرت|ونبهت] منظمات [الإغاثة|إنسانية] [من أن|إلى أن] الكميات لا [تغطي|تسد] سوى [جزء|ربع] [من حاجة|"
            "احتياجات] السكان.",
            "[وتبلغ|وتقدر] قيمة المساعدات [نحو|بحوالي] {money} مليون دولار [بحسب|وفق] [الجهة المانحة|برنامج الأغذية].",
            "[وطالب|ودعا] المجلس المحلي [بفتح|إلى فتح] ممر [دائم|آمن] لإدخال [المساعدات|الإغاثة] [دون قيود|بشكل "
            "منتظم].",
            "[وأصيب|وجرح] {k} من [السائقين|العاملين في القافلة] [بجروح طفيفة|برصاص طائش] [على الطريق|قرب المعبر].",
        ],
    },
    "outbreak": {
        "titles": ["إصابات بالكوليرا في {place}", "[تفشي|انتشار] الكوليرا في {place}"],
        "leads": [
            "سجلت مديرية الصحة في {place} {n} إصابة بالكوليرا {when}، [بينها|منها] {m} حالة [استدعت|تطلبت] دخول "
            "المستشفى.",
            "ارتفع عدد المصابين بالكوليرا في {place} إلى {n} حالة {when}، [ونقل|وأدخل] {m} منهم إلى المستشفيات، "
            "[وفق|بحسب] مصادر طبية.",
            "[حذرت|نبهت] [السلطات الصحية|الفرق الطبية] في {place} {when} من [تفشي|اتساع] الكوليرا [بعد تسجيل|إثر رصد] "
            "{n} إصابة، [بينها|من بينها] {m} [حالة خطرة|حالة في العناية].",
        ],
        "body": [
            "[وقال|وأوضح] {person}، {role}، [إن|أن] {k} وفيات [سجلت|وقعت] بين المصابين [معظمهم|أغلبهم] من [كبار "
            "السن|الأطفال].",
            "[وأرجع|وعزا] {person2} انتشار المرض إلى تلوث مياه الشرب في {k2} [بئرا|خزانا] [بالأحياء الجنوبية|في "
            "الضواحي].",
            "[وأطلقت|وبدأت] المديرية حملة [تلقيح|تطعيم] [تستهدف|تشمل] {money} ألف شخص [تبدأ|تنطلق] يوم {weekday2}.",
            "[وأغلقت|وختمت] السلطات {k2} [مطعما وبسطة|محلا] [لبيع الخضار|للأغذية] [لعدم التزامها|لمخالفتها] [بشروط|"
            "معايير] النظافة.",
            "[ودعت|وناشدت] [منظمة الصحة العالمية|اليونيسف] إلى إرسال [فرق متخصصة|مختبرات متنقلة] [ومحاليل الإرواء|"
            "وأقراص تعقيم المياه] [بشكل عاجل|في أسرع وقت].",
            "[ونصحت|وحثت] المديرية السكان [بغلي|على غلي] الماء قبل [شربه|استعماله] [وغسل الخضار جيدا|وتجنب الباعة "
            "المتجولين].",
            "[وخصص|وجهز] مستشفى {place} [جناحا|قسما] [للعزل|لمرضى الكوليرا] [يتسع|يستوعب] {k2} سريرا.",
        ],
    },
}
# Sentences of any kind of event, as outlets end a report: the original takes one, the other
# report another.
ENDINGS = [
    "[وهذا هو|ويعد هذا] [الحادث|الحدث] {ordinal} [من نوعه|من هذا النوع] في {place} منذ [مطلع|بداية] شهر {month}.",
    "[ولم تعلق|ولم يصدر تعليق عن] الجهات الرسمية في {place} [على ما جرى|على الحادثة] [حتى ساعة إعداد هذا الخبر|"
    "حتى الآن].",
    "[ويأتي ذلك|ويحدث ذلك] في ظل أوضاع [إنسانية|معيشية] [صعبة|قاسية] [يعيشها|يعانيها] سكان {place} منذ [أشهر|"
    "سنوات].",
    "[وتضم|ويقطن] {place} [نحو|قرابة] {money}0 ألف [نسمة|ساكن] [بينهم|منهم] [آلاف النازحين|عائلات نازحة] من "
    "[المناطق المجاورة|الأرياف].",
]
WEAPONS = ["مدفعي", "صاروخي", "بالطائرات المسيرة", "جوي"]
TARGETS = ["سوقا شعبيا", "حيا سكنيا", "محطة للوقود", "مدرسة ابتدائية", "مخبزا"]
ORDINALS = ["الثاني", "الثالث", "الرابع", "الخامس", "السادس"]
# what a copy adds at its end
ADDED = ["[وفي وقت لاحق|ولاحقا]، [أعلن|قال] {person3} أن الحصيلة [مرشحة للارتفاع|قد ترتفع] مع [استمرار|تواصل] "
         "[عمليات البحث|أعمال الإنقاذ].",
         "[وتابع|ويتابع] مراسلنا في {place} [تطورات|مستجدات] [الحادث|الحدث] [وسيوافيكم|وسنوافيكم] [بالتفاصيل|"
         "بكل جديد].",
         "[ونشر|وتداول] ناشطون [صورا|مقاطع مصورة] [تظهر|قالوا إنها تظهر] [حجم الأضرار|آثار ما جرى] في {place}."]
# unrelated items, a story of their own each
SINGLES = [
    "[ارتفعت|قفزت] أسعار {good} في أسواق {place} بنسبة {n} في المئة خلال [الأسبوع الماضي|أيام]، [وعزا|وأرجع] "
    "التجار ذلك إلى [تراجع سعر صرف العملة المحلية|ارتفاع تكاليف النقل والوقود]. [وقال|وأكد] {person} إن الأسر "
    "[باتت تشتري|صارت تكتفي بـ] [نصف|ثلث] ما كانت تشتريه [قبل شهر|في الشتاء].",
    "[افتتحت|دشنت] بلدية {place} {k} [حدائق عامة|ملاعب للأطفال] [جديدة|حديثة] في الأحياء [الغربية|الشمالية]، "
    "[وقال|وذكر] {person}، {role}، إن المشروع كلف {m} ألف دولار [وإن الحدائق|وإنها] [ستفتح أبوابها مجانا|تستقبل "
    "الزوار دون رسوم] [حتى نهاية الصيف|طوال العام].",
    "[فاز|تغلب] نادي {place} [الرياضي|لكرة القدم] على [ضيفه|منافسه] [نادي {good2}|القادم من العاصمة] بنتيجة {k} "
    "[أهداف|أهداف نظيفة] [مقابل هدف|دون رد] في [المباراة|اللقاء] [التي جرت|الذي أقيم] [مساء|عصر] يوم {weekday}، "
    "[ليرتقي|ليصعد] إلى المركز {ordinal} [في ترتيب الدوري|في سلم الترتيب] برصيد {n} نقطة.",
    "[أعلنت|كشفت] جامعة {place} [قبول|تسجيل] {m} طالب وطالبة في كلياتها [للعام الدراسي الجديد|للفصل المقبل]، "
    "[وقال|وأوضح] {person} إن الجامعة [افتتحت|استحدثت] {k} أقسام جديدة في [الهندسة والطب البيطري|الصيدلة "
    "والحقوق|الإعلام واللغات].",
]
GOODS = ["الخبز", "السكر", "الأرز", "زيت الطبخ", "الخضار", "اللحوم"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _say(rng: random.Random, template: str, facts: dict[str, Any]) -> str:
    """``template`` with each «[a|b]» one of its choices, and the facts in their places."""
    return re.sub(r"\[([^][]+)\]", lambda m: rng.choice(m.group(1).split("|")), template).format(**facts)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _facts(rng: random.Random, day: dt.date) -> dict[str, Any]:
    place = rng.choice(PLACES)
    weekday = WEEKDAYS[day.weekday()]
    return {
        "place": place, "n": rng.randint(3, 90), "m": rng.randint(5, 400), "k": rng.randint(2, 9),
        "k2": rng.randint(10, 60), "minutes": rng.randint(15, 55), "money": rng.randint(2, 40),
        "weapon": rng.choice(WEAPONS), "weapon2": rng.choice(["جوية", "صاروخية", "بمسيرات"]),
        "target": rng.choice(TARGETS), "target2": rng.choice(TARGETS),
        "when": f"{rng.choice(['صباح', 'مساء', 'فجر'])} يوم {weekday} {day.day} {MONTHS[day.month - 1]}",
        "weekday": weekday, "weekday2": WEEKDAYS[(day.weekday() + 2) % 7],
        "month": MONTHS[(day.month - 2) % 12], "ordinal": rng.choice(ORDINALS),
        "person": _person(rng), "person2": _person(rng), "person3": _person(rng),
        "role": rng.choice(ROLES), "good": rng.choice(GOODS), "good2": rng.choice(PLACES),
    }


def _doc(outlet: str, story: int, n: int, day: dt.date, hour: int, title: str, text: str) -> dict[str, Any]:
    return {"id": f"s{story}-{n}", "outlet": outlet, "published": f"{day.isoformat()}T{hour:02d}:{n * 7:02d}:00",
            "url": f"https://{outlet}.example/{day:%Y/%m/%d}/{story}-{n}", "title": title, "text": text}


def event(rng: random.Random, s: int, day: dt.date) -> list[dict[str, Any]]:
    """One event's documents: the original, one to four copies of it, at times another outlet's
    own report, at times the original again at another address."""
    kind = KINDS[list(KINDS)[s % len(KINDS)]]
    facts = _facts(rng, day)
    leads = rng.sample(range(len(kind["leads"])), 2)
    body = rng.sample(range(len(kind["body"])), 6)
    endings = rng.sample(ENDINGS, 2)
    sentences = ([_say(rng, kind["leads"][leads[0]], facts)]
                 + [_say(rng, kind["body"][i], facts) for i in body[:3]] + [_say(rng, endings[0], facts)])
    title = _say(rng, rng.choice(kind["titles"]), facts)
    outlets = rng.sample(OUTLETS, 6)
    docs = [_doc(outlets[0], s, 0, day, 8, title, " ".join(sentences))]
    copies = [
        (f"{facts['place']} ({rng.choice(AGENCIES)}) - " + " ".join(sentences), title),  # a dateline before it
        (" ".join([*sentences, _say(rng, rng.choice(ADDED), facts)]), f"{title} (محدث)"),  # a sentence added
        (" ".join(sentences[:2] + sentences[3:]), title),  # a sentence dropped
        ("\n\n".join(sentences).translate(INDIC), f"عاجل: {title}"),  # in paragraphs, with Arabic-Indic digits
    ]
    rng.shuffle(copies)
    for n, (text, t) in enumerate(copies[:rng.randint(1, 4)], start=1):
        docs.append(_doc(outlets[n], s, n, day + dt.timedelta(days=n // 3), 9 + n, t, text))
    if rng.random() < 0.6:  # another outlet's own report: the same facts, no sentence in common
        other = ([_say(rng, kind["leads"][leads[1]], facts)]
                 + [_say(rng, kind["body"][i], facts) for i in body[3:]] + [_say(rng, endings[1], facts)])
        docs.append(_doc(outlets[5], s, 5, day, 11, _say(rng, rng.choice(kind["titles"]), facts), " ".join(other)))
    if s % 7 == 0:  # the same text at another address: stored once
        docs.insert(1, dict(docs[0], id=f"s{s}-twin", url=docs[0]["url"] + "?amp=1"))
    return docs


def news_corpus(events: int, *, seed: int = 16, singles: int = 0) -> tuple[list[dict], list[dict]]:
    """Two halves (A, B) of a corpus of ``events`` events and ``singles`` unrelated items.

    A third of the events are told in A only, a third in B only, and a third in both: the
    original (and the first copy, or its twin) in A, the other copies and the other outlet's
    report in B, so that ingesting B after A finds copies of A's documents and grows A's stories.
    Each half is shuffled: an original may come after its copy."""
    rng = random.Random(seed)
    half_a: list[dict] = []
    half_b: list[dict] = []
    start = dt.date(2024, 3, 1)
    for s in range(events):
        docs = event(rng, s, start + dt.timedelta(days=(s * 2) // 5))
        if s % 3 == 0:
            half_a.extend(docs)
        elif s % 3 == 1:
            half_b.extend(docs)
        else:
            split = 2 if len(docs) > 2 else 1
            half_a.extend(docs[:split])
            half_b.extend(docs[split:])
    for i in range(singles):
        day = start + dt.timedelta(days=rng.randint(0, max(1, events)))
        text = _say(rng, SINGLES[i % len(SINGLES)], _facts(rng, day))
        (half_a if i % 2 == 0 else half_b).append(
            _doc(rng.choice(OUTLETS), 1000 + i, 0, day, 14, text.split("،")[0][:60], text))
    rng.shuffle(half_a)
    rng.shuffle(half_b)
    return half_a, half_b


def write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path
