import type { ServiceTemplate } from './catalogue.js';

const VILLAGE_HALLS = ['oakhurst-village-hall', 'harrowby-village-hall', 'netherby-village-hall', 'coldharbour-chapel', 'little-oakhurst-reading-room'];

/** Services of the voluntary, community and faith sector. */
export const COMMUNITY_SERVICES: ServiceTemplate[] = [
  // --- Food ---------------------------------------------------------------------------------
  {
    key: 'foodbank-centre', org: 'foodbank', name: ['Food bank at {venue}', '{org}: {place} distribution centre'],
    description: "Emergency food parcels with three days of nutritionally balanced food, plus toiletries, nappies and pet food when you need them. You usually need a food bank voucher from an agency such as an advice centre, your GP, a school or a housing officer; if you do not have one, come anyway and we will help you get one. Volunteers are there for a cup of tea and a chat.",
    needs: ['food-banks'], delivery: 'PT', schedule: 'twice-weekly|drop-in',
    at: ['st-michaels', 'st-lukes', 'hollins-baptist', 'st-peters', 'all-saints', 'fernlea-hub', 'netherby-village-hall', 'coldharbour-chapel'],
  },
  {
    key: 'foodbank-delivery', org: 'foodbank', name: 'Food parcel delivery for people who cannot get out',
    description: "If you are housebound, disabled or too unwell to collect a parcel, our volunteer drivers can deliver food to your door. Ask your referrer to tick the delivery box on your voucher, or call {phone}.",
    needs: ['food-banks', 'help-at-home'], delivery: 'T', schedule: 'office',
  },
  {
    key: 'foodbank-money-advice', org: 'foodbank', name: 'Money advice at the food bank',
    description: "An independent adviser at our distribution centres can help you sort out benefits, debts and bills, so you are less likely to need a food parcel again. Ask a volunteer when you arrive; there is no need to book.",
    needs: ['benefits', 'debt-advice', 'food-banks'], delivery: 'P', schedule: 'drop-in', at: ['st-michaels+st-peters'],
  },
  {
    key: 'pantry', org: 'pantry', name: ['{place} Community Pantry', 'Community pantry at {venue}'],
    description: "A membership food club: pay £4.50 a week and choose at least ten items worth around £20, including fresh fruit and vegetables, dairy and bread. Open to anyone living locally on a low income; no referral needed, just bring proof of address to join. Members also get free cooking and budgeting sessions.",
    needs: ['food-pantries'], delivery: 'P', schedule: 'twice-weekly', at: ['kingsmere-community-centre', 'fernlea-hub'],
    cost: [['Weekly shop', 4.5, 'per visit, for at least ten items']],
  },
  {
    key: 'cook-and-eat', org: 'pantry', name: 'Cook and Eat: cooking on a budget',
    description: "A six-week course where you learn to cook quick, healthy meals for under £1 a portion, then sit down and eat together. Take home the recipes, a slow cooker and a bag of ingredients at the end. Free for pantry members and anyone referred by a family worker.",
    needs: ['cooking-skills'], delivery: 'P', schedule: 'morning', at: ['kingsmere-community-centre'], ages: [16, null],
  },
  {
    key: 'community-fridge', org: 'millbridge-together', name: ['{place} Community Fridge', 'Community fridge at {venue}'],
    description: "Free surplus food from local supermarkets, bakeries and allotments, for anyone to take; you do not need to prove you are in need. Take what you will use and come back often, as the stock changes every day. Businesses and growers can donate food too.",
    needs: ['community-fridges'], delivery: 'P', schedule: 'weekday-daytime', at: ['millbridge-memorial-hall'],
  },
  {
    key: 'memorial-hall-cafe', org: 'millbridge-together', name: 'Pay-as-you-feel community café',
    description: "A friendly café serving hot meals, soup and cake made from surplus food, on a pay-as-you-feel basis. Pay what you can afford, or give an hour of your time instead. Everyone is welcome, whether you come for lunch, company or both.",
    needs: ['community-meals', 'social-groups'], delivery: 'P', schedule: 'weekday-daytime', at: ['millbridge-memorial-hall'],
    cost: [['Pay as you feel', 0, 'pay what you can afford']],
  },
  {
    key: 'repair-cafe', org: 'millbridge-together', name: 'Repair Café',
    description: "Bring your broken toasters, lamps, clothes, bikes and toys, and our volunteer fixers will try to repair them with you while you have a cuppa. Free, with donations welcome. A good way to save money and keep things out of landfill.",
    needs: ['household-essentials', 'social-groups'], delivery: 'P', schedule: 'monthly', at: ['millbridge-memorial-hall'],
  },
  {
    key: 'millbridge-warm-space', org: 'millbridge-together', name: 'Warm Space at {venue}',
    description: "Somewhere warm to spend the day through the winter, with free hot drinks, soup at lunchtime, wifi, games and newspapers. No need to book and nobody will ask why you have come.",
    needs: ['warm-spaces'], delivery: 'P', schedule: 'weekday-daytime', at: ['millbridge-memorial-hall'],
  },
  {
    key: 'millbridge-job-club', org: 'millbridge-together', name: 'Millbridge Job Club',
    description: "A friendly weekly session to help you look for work: use the computers, get help with your CV and applications, practise interviews and hear about local vacancies. Run by volunteers with the Ashdown Works team.",
    needs: ['job-search'], delivery: 'P', schedule: 'morning', at: ['millbridge-library'], ages: [16, null],
  },
  {
    key: 'brookfield-fridge', org: 'brookfield-ca', name: 'Brookfield Community Fridge',
    description: "A fridge and larder full of surplus food from local shops, free for anyone on the estate or beyond. Take what you need and please do not waste it. Volunteers can tell you about other help on the estate.",
    needs: ['community-fridges'], delivery: 'P', schedule: 'drop-in', at: ['brookfield-community-centre'],
  },
  {
    key: 'brookfield-coffee', org: 'brookfield-ca', name: 'Brookfield coffee morning',
    description: "Tea, coffee, toast and a natter with your neighbours. Find out what is going on locally, join in the quiz or just sit and watch the world go by. Everyone is welcome.",
    needs: ['social-groups'], delivery: 'P', schedule: 'morning', at: ['brookfield-community-centre'],
    cost: [['Tea, coffee and toast', 1, 'suggested donation']],
  },
  {
    key: 'brookfield-homework', org: 'brookfield-ca', name: 'Brookfield homework club',
    description: "A quiet place after school for children to do their homework, with volunteers to help, laptops to use and a free snack. Parents are welcome to stay.",
    needs: ['youth'], delivery: 'P', schedule: 'after-school', at: ['brookfield-community-centre'], ages: [7, 16],
  },
  {
    key: 'uniform-swap', org: 'brookfield-ca', name: 'School uniform swap shop',
    description: "Swap outgrown school uniform, PE kit and shoes, or just take what you need, free. Clean uniform from any school in the borough can be donated at the centre.",
    needs: ['baby-essentials'], delivery: 'P', schedule: 'weekend', at: ['brookfield-community-centre'], ages: [4, 16],
  },
  // --- Advice -------------------------------------------------------------------------------
  {
    key: 'advice-drop-in', org: 'advice', name: ['Free advice drop-in at {venue}', 'Advice drop-in: {place}'],
    description: "Free, confidential and independent advice on benefits, debt, housing, work, consumer problems, family and immigration issues. Come to a drop-in for a first chat with an adviser, who will either help there and then or book you a longer appointment. Please bring any letters or paperwork about your problem.",
    needs: ['general-advice', 'benefits', 'immigration-advice'], delivery: 'P', schedule: 'drop-in',
    at: ['bridge-centre', 'kingsmere-library', 'millbridge-library', 'hollins-park-centre', 'fernlea-hub', 'wyvern-vale-pavilion', 'netherby-village-hall'], languages: ['pl', 'ur'],
  },
  {
    key: 'adviceline', org: 'advice', name: 'Ashdown Adviceline',
    description: "Call our Adviceline for free, confidential advice on any problem: benefits, debt, housing, work, family or consumer issues. Advisers can help over the phone, send you information or book you a face-to-face appointment. Lines are busiest on Monday mornings.",
    needs: ['general-advice'], delivery: 'T', schedule: 'helpline',
  },
  {
    key: 'benefits-advice', org: 'advice', name: 'Benefits advice and help to claim',
    description: "Our benefits advisers check you are getting everything you are entitled to and help you make claims, including Universal Credit, PIP and Pension Credit. We can help you ask for a mandatory reconsideration and represent you at tribunal. Appointments are by phone or face to face.",
    needs: ['benefits'], delivery: 'PT', schedule: 'appointment', at: ['bridge-centre'],
  },
  {
    key: 'debt-advice', org: 'advice', name: ['Debt advice', 'Free debt advice service'],
    description: "Specialist debt advisers help you deal with priority debts such as rent, Council Tax and energy first, then work out an affordable plan for the rest. We can contact creditors and bailiffs for you, apply for Breathing Space, and help with debt relief orders and bankruptcy. Free, confidential and non-judgemental.",
    needs: ['debt-advice'], delivery: 'PTO', schedule: 'appointment', at: ['bridge-centre'], accreditations: 'Authorised and regulated by the Financial Conduct Authority for debt advice',
  },
  {
    key: 'energy-advice', org: 'advice', name: 'Energy advice service',
    description: "Help if you are struggling with gas or electricity bills: we check you are on the best tariff, sort out billing problems and prepayment meters, and apply for grants, fuel vouchers and the Warm Home Discount for you. Our energy adviser can also visit you at home to help you use less energy.",
    needs: ['energy-bills'], delivery: 'PT', schedule: 'office', at: ['bridge-centre'],
  },
  {
    key: 'housing-advice', org: 'advice', name: 'Housing advice',
    description: "Advice for tenants, homeowners and people who are homeless or at risk of it: problems with landlords, repairs, deposits, rent arrears, eviction notices and mortgage arrears. Call us as soon as you get a notice; the earlier we can help, the more options you have.",
    needs: ['eviction-and-arrears', 'tenancy-support'], delivery: 'PT', schedule: 'office', at: ['bridge-centre'],
  },
  {
    key: 'employment-advice', org: 'advice', name: 'Employment advice',
    description: "Advice on problems at work: unpaid wages or holiday pay, sick pay, discrimination, disciplinaries, dismissal and redundancy. We can help you raise a grievance, negotiate with your employer or start early conciliation.",
    needs: ['employment-rights'], delivery: 'PT', schedule: 'appointment', at: ['bridge-centre'],
  },
  {
    key: 'consumer-advice', org: 'advice', name: 'Consumer advice',
    description: "Advice if you have bought faulty goods, had a poor service or been scammed. We explain your rights, help you write to the trader and tell you how to take it further, including the small claims court.",
    needs: ['consumer-scams'], delivery: 'TO', schedule: 'helpline',
  },
  {
    key: 'help-to-claim', org: 'advice', name: 'Help to Claim Universal Credit',
    description: "Free support to make a Universal Credit claim, from the online application to your first full payment. We help you gather your evidence, prepare for your jobcentre appointment, understand your statement and get an advance if you need one.",
    needs: ['benefits'], delivery: 'PTO', schedule: 'office', at: ['bridge-centre'], ages: [16, null],
  },
  {
    key: 'advice-at-gp', org: 'advice', name: 'Advice at your GP surgery: {place}',
    description: "Our advisers hold sessions at the surgery so patients can get help with benefits, debt, housing and work problems that affect their health. Ask the receptionist or your GP to book you in.",
    needs: ['general-advice', 'benefits'], delivery: 'P', schedule: 'morning|afternoon', at: ['kingsmere-medical', 'millbridge-surgery', 'ashdown-health-centre'],
  },
  // --- Mental health ----------------------------------------------------------------------------
  {
    key: 'wellbeing-drop-in', org: 'thrive', name: ['Wellbeing drop-in at {venue}', 'Mental health and wellbeing drop-in'],
    description: "A friendly, welcoming space to talk to someone about how you are feeling, with trained staff and volunteers who have their own experience of mental ill health. No appointment or referral needed; just come in for a cuppa and a chat. We can also tell you about other support in the area.",
    needs: ['peer-support', 'anxiety-depression'], delivery: 'P', schedule: 'drop-in', at: ['bridge-centre', 'old-fire-station', 'millbridge-memorial-hall'], ages: [18, null],
  },
  {
    key: 'low-cost-counselling', org: 'thrive', name: 'Low-cost counselling',
    description: "Up to twelve sessions of one-to-one counselling with a qualified counsellor, face to face or online. We ask for a contribution based on your income, from nothing up to £35 a session. Fill in the short form on our website and we will call you back within two weeks.",
    needs: ['talking-therapies'], delivery: 'PO', schedule: 'appointment', at: ['bridge-centre'], ages: [18, null],
    cost: [['If you get benefits or have a low income', 0, 'free'], ['Contribution based on income', 35, 'up to £35 a session']],
    accreditations: 'All counsellors are members of a professional body accredited by the Professional Standards Authority',
  },
  {
    key: 'man-talk', org: 'thrive', name: ["Man Talk: men's peer support group at {venue}", 'Man Talk {place}'],
    description: "A peer support group for men aged 18 and over who are having a tough time. It is good to talk, and it is also fine just to listen. Confidential, no referral and no pressure.",
    needs: ['peer-support', 'anxiety-depression'], delivery: 'P', schedule: 'evening', at: ['kingsmere-community-centre', 'bridge-centre', 'millbridge-memorial-hall'], ages: [18, null],
  },
  {
    key: 'anxiety-group', org: 'thrive', name: 'Anxiety support group',
    description: "A small, supportive group for adults living with anxiety or panic attacks. Share what helps, learn practical ways to cope and know that you are not alone. Ring or email first so we can say hello before your first session.",
    needs: ['anxiety-depression', 'peer-support'], delivery: 'P', schedule: 'afternoon', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'hearing-voices', org: 'thrive', name: 'Hearing Voices group',
    description: "A safe, confidential group for people who hear voices, see visions or have other unusual experiences, to share and support one another. You do not need a diagnosis.",
    needs: ['peer-support'], delivery: 'P', schedule: 'fortnightly', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'safe-haven', org: 'thrive', name: 'Safe Haven evening crisis café',
    description: "An out-of-hours alternative to A&E for adults in emotional distress or crisis. Come in, phone or join a video chat and talk to a mental health worker in a calm, safe space. No referral needed.",
    needs: ['mental-health-crisis'], delivery: 'PTO', schedule: 'evenings-daily', at: ['old-fire-station'], ages: [18, null],
  },
  {
    key: 'thrive-young', org: 'thrive', name: ['Thrive Young: wellbeing support for 11 to 18s', 'Wellbeing support for 11 to 18 year olds'],
    description: "One-to-one emotional support and small groups for young people who are struggling with anxiety, low mood, friendships or school. Young people can refer themselves by text, or a parent or teacher can refer with their agreement.",
    needs: ['young-peoples-mental-health'], delivery: 'PTO', schedule: 'after-school', at: ['ashdown-youth-centre'], ages: [11, 18],
  },
  {
    key: 'walk-and-talk', org: 'thrive', name: 'Walk and Talk wellbeing walks from {venue}',
    description: "A gentle weekly walk with others who understand what it is like to struggle with your mental health. Fresh air, good company and a chance to talk if you want to. We finish with a hot drink.",
    needs: ['peer-support', 'physical-activity'], delivery: 'P', schedule: 'morning', at: ['kingsmere-library', 'millbridge-library', 'ashdown-leisure'],
  },
  // --- Older people ----------------------------------------------------------------------------
  {
    key: 'later-life-advice', org: 'ageing-well', name: 'Information and advice for older people',
    description: "Free, impartial advice for people in later life and their families on benefits such as Attendance Allowance and Pension Credit, care options, paying for care, housing and staying safe. Call our advice line, drop in to Age Well House or ask for a home visit.",
    needs: ['benefits', 'care-homes'], delivery: 'PT', schedule: 'office', at: ['ageing-well-house'], ages: [60, null],
  },
  {
    key: 'age-well-day-centre', org: 'ageing-well', name: ['Age Well Day Centre', 'Day centre for older people'],
    description: "A day centre for older people, including people living with dementia, with a hot two-course lunch, activities, gentle exercise and a visiting hairdresser. Door-to-door transport can be arranged. Families get a break knowing their relative is in safe, caring hands.",
    needs: ['day-opportunities', 'dementia', 'respite'], delivery: 'P', schedule: 'weekday-daytime', at: ['ageing-well-house'], ages: [60, null],
    cost: [['Day place', 32, 'per day, including lunch and activities'], ['Transport', 4, 'return journey']],
  },
  {
    key: 'lunch-club', org: 'ageing-well', name: ['Friendship lunch club at {venue}', '{place} lunch club'],
    description: "A hot two-course lunch and a cup of tea in good company, with a quiz or raffle afterwards. Volunteers can arrange a lift if you cannot get there yourself. New members are always welcome.",
    needs: ['community-meals', 'social-groups', 'day-opportunities'], delivery: 'P', schedule: 'lunch', ages: [60, null],
    at: ['oakhurst-village-hall', 'netherby-village-hall', 'harrowby-village-hall', 'wyvern-vale-pavilion', 'hollins-park-centre', 'little-oakhurst-reading-room', 'fernlea-hub'],
    cost: [['Lunch', 5.5, 'two courses and a hot drink']],
  },
  {
    key: 'chair-exercise', org: 'ageing-well', name: 'Chair-based exercise at {venue}',
    description: "Gentle seated exercise to music, led by a qualified instructor, to improve strength, balance and mobility. Suitable for all abilities, including people with long-term conditions and wheelchair users. Stay for tea and biscuits afterwards.",
    needs: ['day-opportunities', 'physical-activity'], delivery: 'P', schedule: 'morning|afternoon', ages: [60, null],
    at: ['ageing-well-house', 'kingsmere-community-centre', 'millbridge-memorial-hall', 'brookfield-community-centre', 'oakhurst-village-hall', 'netherby-village-hall'],
    cost: [['Per session', 3]],
  },
  {
    key: 'help-at-home', org: 'ageing-well', name: 'Help at Home: cleaning, shopping and errands',
    description: "Reliable, vetted helpers who do your cleaning, laundry and shopping, or go with you to appointments. Visits are weekly or fortnightly at a time that suits you.",
    needs: ['help-at-home'], delivery: 'T', schedule: 'office', ages: [60, null], cost: [['Hourly rate', 21, 'per hour']],
  },
  {
    key: 'handyperson', org: 'ageing-well', name: 'Handyperson service',
    description: "Small jobs around the home to keep you safe and independent: fitting grab rails and key safes, changing light bulbs and smoke alarm batteries, and fixing dripping taps. Labour is free for people over 65 who get Pension Credit; otherwise we charge a low hourly rate.",
    needs: ['help-at-home', 'falls-and-safety'], delivery: 'T', schedule: 'office', ages: [60, null],
    cost: [['Over 65 and getting Pension Credit', 0, 'free labour; you pay for materials'], ['Standard rate', 18, 'per hour, plus materials']],
  },
  {
    key: 'tech-for-all-ages', org: 'ageing-well', name: 'Tech for all ages at {venue}',
    description: "Patient, one-to-one help for older people to use smartphones, tablets and computers: video calls with family, online shopping, the NHS App and avoiding scams. We can lend you a tablet to practise on at home.",
    needs: ['digital-skills', 'devices-data'], delivery: 'P', schedule: 'afternoon', at: ['ageing-well-house', 'kingsmere-library', 'millbridge-library', 'oakhurst-village-hall'], ages: [60, null],
  },
  {
    key: 'toenail-cutting', org: 'ageing-well', name: 'Toenail cutting service',
    description: "Trained foot care assistants cut toenails for older people who can no longer manage it themselves, at our clinic or at home. Appointments every eight weeks.",
    needs: ['help-at-home'], delivery: 'P', schedule: 'appointment', at: ['ageing-well-house'], ages: [60, null],
    cost: [['Clinic appointment', 18], ['Home visit', 26]],
  },
  {
    key: 'tea-dance', org: 'ageing-well', name: 'Tea dance at {venue}',
    description: "Ballroom and sequence dancing to live music, with tea and cake. Come with a partner, a friend or on your own; there is always someone to dance with, and plenty of people just come to watch.",
    needs: ['social-groups', 'day-opportunities'], delivery: 'P', schedule: 'monthly', at: ['millbridge-memorial-hall'], ages: [55, null],
    cost: [['Entry', 4, 'including tea and cake']],
  },
  // --- Carers ------------------------------------------------------------------------------------
  {
    key: 'carers-advice', org: 'carers', name: "Carers' support and advice",
    description: "Free information, advice and emotional support for anyone aged 18 or over who looks after a family member, partner or friend. Carer support workers can help with Carer's Allowance, a carer's assessment, planning for emergencies and finding time for yourself. Call, email or drop in.",
    needs: ['carer-support'], delivery: 'PTO', schedule: 'office', at: ['carers-centre'], ages: [18, null], contact: 'Carer Support Worker',
  },
  {
    key: 'carers-cafe', org: 'carers', name: ["Carers' café at {venue}", "{place} carers' group"],
    description: "A relaxed get-together for carers to share experiences, pick up information and enjoy some time for themselves. There is often a guest speaker or a treat such as a hand massage. The person you care for is welcome to come too.",
    needs: ['carer-support', 'social-groups'], delivery: 'P', schedule: 'monthly', at: ['carers-centre', 'kingsmere-library', 'millbridge-memorial-hall', 'oakhurst-village-hall', 'brookfield-library'],
  },
  {
    key: 'young-carers', org: 'carers', name: 'Young Carers Ashdown',
    description: "Support for young carers aged 8 to 17: clubs, trips, one-to-one help and a young carers card to show at school. We also help schools understand what young carers need. Young people, parents, schools or anyone else can refer.",
    needs: ['young-carers'], delivery: 'PT', schedule: 'after-school|weekend', at: ['carers-centre'], ages: [8, 17],
  },
  {
    key: 'young-adult-carers', org: 'carers', name: 'Young adult carers group (16 to 25)',
    description: "A group for young adults who look after someone at home, with support to stay in education, find work and have a life of your own. Meet others who get it, online or in person.",
    needs: ['young-carers'], delivery: 'PO', schedule: 'evening', at: ['carers-centre'], ages: [16, 25],
  },
  {
    key: 'carers-emergency-card', org: 'carers', name: 'Carers emergency card',
    description: "Carry a card that tells people you are a carer. If something happens to you, our 24-hour response service puts your emergency plan into action so the person you care for is looked after. Free to register.",
    needs: ['carer-support'], delivery: 'TO', schedule: 'office',
  },
  {
    key: 'sitting-service', org: 'carers', name: "Carers' sitting service",
    description: "A trained care worker sits with the person you care for, for up to three hours a week, so you can have a break: go to the shops, see friends or just rest. Free for carers who have had a carer's assessment.",
    needs: ['respite'], delivery: 'T', schedule: 'appointment',
  },
  {
    key: 'time-for-me', org: 'carers', name: "Time for Me: carers' wellbeing sessions",
    description: "Relaxing sessions just for carers, such as yoga, mindfulness, crafts and pamper days, to help you recharge. Replacement care can be arranged so you can come.",
    needs: ['respite', 'carer-support'], delivery: 'P', schedule: 'monthly', at: ['old-fire-station'], ages: [18, null],
  },
  // --- Social groups -----------------------------------------------------------------------------
  {
    key: 'kingsmere-mens-shed', org: 'kingsmere-shed', name: "Kingsmere Men's Shed",
    description: "A community workshop where men, and women too, work on projects, share skills and have a natter over a brew. Woodwork, metalwork, restoring bikes and making things for the community; no experience needed. Drop in to see what we do.",
    needs: ['social-groups'], delivery: 'P', schedule: 'twice-weekly', at: ['kingsmere-shed'], ages: [18, null],
    cost: [['Suggested donation', 2, 'per session']],
  },
  {
    key: 'millbridge-mens-shed', org: 'millbridge-shed', name: "Millbridge Men's Shed",
    description: "Our shed by the canal is a place to make, mend and chat. Members build bird boxes and benches for local schools, fix garden tools and teach each other new skills. Come for a cuppa and a look round.",
    needs: ['social-groups'], delivery: 'P', schedule: 'twice-weekly', at: ['millbridge-shed'], ages: [18, null],
    cost: [['Annual membership', 20, 'or what you can afford']],
  },
  {
    key: 'warm-welcome', org: 'churches-together', name: ['Warm Welcome at {venue}', 'Warm space: {venue}'],
    description: "A warm, friendly space with free hot drinks, soup, board games and newspapers. Everyone is welcome and no questions are asked. Somewhere to stay warm, charge your phone and meet people; children are welcome with an adult.",
    needs: ['warm-spaces', 'social-groups'], delivery: 'P', schedule: 'weekday-daytime|lunch',
    at: ['st-michaels', 'ashdown-methodist', 'st-lukes', 'hollins-baptist', 'all-saints', 'st-marys-oakhurst', 'coldharbour-chapel', 'st-peters'],
  },
  {
    key: 'community-lunch', org: 'churches-together', name: ['Community lunch at {venue}', '{place} community lunch'],
    description: "A hot, home-cooked meal on a pay-as-you-feel basis, served by church volunteers. Everyone is welcome, whether you are short of money, on your own or just fancy some company. There is always a vegetarian option.",
    needs: ['community-meals', 'social-groups'], delivery: 'P', schedule: 'lunch', at: ['ashdown-methodist', 'st-lukes', 'all-saints', 'st-peters', 'hollins-baptist', 'coldharbour-chapel'],
    cost: [['Pay as you feel', 0, 'pay what you can, or nothing']],
  },
  {
    key: 'church-toddlers', org: 'churches-together', name: ['Toddler group at {venue}', '{place} toddlers'],
    description: "A friendly group for babies and toddlers and their parents, grandparents and childminders. Toys, crafts, singing and a snack, plus a cuppa for the grown-ups.",
    needs: ['early-years'], delivery: 'P', schedule: 'morning', at: ['st-peters', 'hollins-baptist', 'st-marys-oakhurst', 'harrowby-village-hall', 'st-lukes', 'all-saints', 'ashdown-methodist'], ages: [0, 5],
    cost: [['Per family', 1.5, 'including drinks and a snack']],
  },
  {
    key: 'knit-and-natter', org: 'churches-together', name: 'Knit and natter at {venue}',
    description: "Bring whatever you are knitting, crocheting or sewing, or learn from scratch with our patient volunteers. We make blankets and hats for the hospital and the baby bank. Tea and biscuits provided.",
    needs: ['social-groups'], delivery: 'P', schedule: 'afternoon', at: ['ashdown-methodist', 'st-marys-oakhurst', 'netherby-village-hall', 'kingsmere-library'],
  },
  {
    key: 'islamic-food-support', org: 'islamic-centre', name: 'Food support at Kingsmere Islamic Centre',
    description: "Halal food parcels for anyone in need, of any faith or none, to collect from the centre or delivered to people who cannot get out. No referral needed; just call or come to the centre.",
    needs: ['food-banks'], delivery: 'PT', schedule: 'afternoon', at: ['kingsmere-islamic-centre'], languages: ['ur', 'pa', 'ar', 'bn'],
  },
  {
    key: 'sisters-coffee', org: 'islamic-centre', name: "Sisters' coffee morning",
    description: "A friendly coffee morning for women of all backgrounds, with guest speakers on health, money and wellbeing. A free crèche runs alongside.",
    needs: ['social-groups', 'welcome-integration'], delivery: 'P', schedule: 'morning', at: ['kingsmere-islamic-centre'], languages: ['ur', 'bn', 'ar'],
  },
  {
    key: 'islamic-homework', org: 'islamic-centre', name: 'Homework and study club',
    description: "Help with homework, reading and exam revision for children and teenagers, with volunteer tutors including teachers and university students. Free and open to all.",
    needs: ['youth'], delivery: 'P', schedule: 'after-school', at: ['kingsmere-islamic-centre'], ages: [8, 16],
  },
  {
    key: 'langar', org: 'gurdwara', name: 'Langar: free community meal',
    description: "The gurdwara's community kitchen serves a free vegetarian meal to everyone, every day, whatever their faith or background. Sit together and eat; no need to book or give your name. Please cover your head and take off your shoes before going in; head coverings are provided.",
    needs: ['community-meals'], delivery: 'P', schedule: 'daily-meal', at: ['millbridge-gurdwara'], languages: ['pa'],
  },
  {
    key: 'sangat-elders', org: 'gurdwara', name: "Elders' day group",
    description: "A weekly day group for older people with yoga, health talks, games and a hot meal, held mainly in Punjabi. Carers are welcome to come along.",
    needs: ['social-groups', 'day-opportunities'], delivery: 'P', schedule: 'morning', at: ['millbridge-gurdwara'], ages: [60, null], languages: ['pa', 'hi'],
  },
  {
    key: 'veterans-breakfast', org: 'veterans', name: ["Veterans' breakfast club at {venue}", "{place} veterans' breakfast"],
    description: "A monthly breakfast for anyone who has served in the armed forces, and their families. Swap stories, make friends and find out about support for veterans. Pay for your own breakfast; everything else is free.",
    needs: ['social-groups', 'peer-support'], delivery: 'P', schedule: 'monthly', at: ['the-plough', 'kingsmere-community-centre'],
    cost: [['Breakfast', 6.5, 'pay for your own food']],
  },
  {
    key: 'plough-coffee', org: 'plough', name: 'Coffee and chat at {venue}',
    description: "The village pub opens its doors for coffee, cake and conversation, with a book swap and a noticeboard of village news. Especially welcome if you live alone or are new to the village.",
    needs: ['social-groups'], delivery: 'P', schedule: 'morning', at: ['the-plough'],
  },
  // --- Children and young people ------------------------------------------------------------------
  {
    key: 'youth-club', org: 'youth-trust', name: ['{place} Youth Club', 'Youth club at {venue}'],
    description: "A safe, fun place for young people aged 11 to 19 to hang out with friends, play pool and table tennis, cook, make music and go on trips. Our youth workers are always around to talk about anything on your mind. Free; just turn up.",
    needs: ['youth'], delivery: 'P', schedule: 'youth-evenings', ages: [11, 19],
    at: ['ashdown-youth-centre', 'hollins-youth', 'kingsmere-community-centre', 'fernlea-hub', 'millbridge-memorial-hall', 'wyvern-vale-pavilion', 'oakhurst-village-hall'],
  },
  {
    key: 'junior-club', org: 'youth-trust', name: 'Junior youth club (8 to 12) at {venue}',
    description: "After-school fun for 8 to 12 year olds: games, sport, arts and crafts and a healthy snack, with trained youth workers. Parents need to fill in a registration form on the first visit.",
    needs: ['youth'], delivery: 'P', schedule: 'after-school', at: ['ashdown-youth-centre', 'hollins-youth', 'fernlea-hub', 'wyvern-vale-pavilion'], ages: [8, 12],
    cost: [['Per session', 1, 'including a snack']],
  },
  {
    key: 'youth-mentoring', org: 'youth-trust', name: 'Youth mentoring',
    description: "A trained volunteer mentor meets a young person every week for a year to help them set goals, build confidence and get through a difficult time. Young people can ask for a mentor themselves, or a parent, school or social worker can refer them.",
    needs: ['youth', 'young-peoples-mental-health'], delivery: 'PT', schedule: 'appointment', ages: [11, 18],
  },
  {
    key: 'girls-group', org: 'youth-trust', name: "Girls' group",
    description: "A weekly group for girls aged 11 to 16 to talk about things that matter to them, from friendships and social media to body confidence, and try new activities together. Led by female youth workers; free, and no need to book.",
    needs: ['youth'], delivery: 'P', schedule: 'evening', at: ['ashdown-youth-centre'], ages: [11, 16],
  },
  {
    key: 'youth-counselling', org: 'youth-trust', name: 'Free youth counselling',
    description: "Free, confidential counselling for young people aged 11 to 25, in person or online. Talk about anything that is worrying you. You can refer yourself; you do not need your parents' permission if you are 13 or over.",
    needs: ['young-peoples-mental-health', 'talking-therapies'], delivery: 'PO', schedule: 'appointment', at: ['ashdown-youth-centre'], ages: [11, 25],
  },
  {
    key: 'out-loud', org: 'out-loud', name: 'Out Loud: LGBTQ+ youth group',
    description: "A safe and welcoming group for lesbian, gay, bisexual, trans, questioning and other young people aged 13 to 19. Meet others, have fun and get support from trained youth workers. You do not have to be out to come along.",
    needs: ['youth', 'peer-support'], delivery: 'PO', schedule: 'evening', at: ['old-fire-station'], ages: [13, 19],
  },
  {
    key: 'baby-bank', org: 'baby-bank', name: ['Little Steps Baby Bank', 'Baby bank: free baby equipment and clothes'],
    description: "Free pre-loved and new baby equipment, clothes, nappies and toiletries for families who are struggling: cots, prams, car seats, Moses baskets and more. Families are referred by a midwife, health visitor, family hub or other professional, and we make up a pack for you to collect or have delivered.",
    needs: ['baby-essentials'], delivery: 'PT', schedule: 'appointment', at: ['hollins-park-centre'], ages: [0, 5],
  },
  {
    key: 'uniform-bank', org: 'baby-bank', name: 'Ashdown School Uniform Bank',
    description: "Free good-quality second-hand school uniform, PE kit and shoes for any family in the borough. Choose what you need at our pop-up shop or order online to collect. Donations of clean uniform are welcome at any library.",
    needs: ['baby-essentials'], delivery: 'PO', schedule: 'weekend', at: ['ashdown-library'], ages: [4, 16],
  },
  {
    key: 'family-friends-visiting', org: 'family-friends', name: ['{org} home visiting', 'Home visiting for families with young children'],
    description: "Trained volunteers, all parents themselves, visit families with at least one child under five every week for around two hours. They offer a listening ear and practical help with whatever you are finding hard, from isolation and low mood to twins or money worries. Refer yourself or ask your health visitor.",
    needs: ['parenting', 'early-years'], delivery: 'P', schedule: 'appointment', ages: [0, 5],
  },
  {
    key: 'dads-club', org: 'family-friends', name: "Dads' Saturday club",
    description: "Dads, granddads and male carers get together with their children for play, sport, cooking and a bacon sandwich. A relaxed way to meet other dads.",
    needs: ['parenting'], delivery: 'P', schedule: 'weekend', at: ['ashdown-family-hub'], ages: [0, 11],
  },
  {
    key: 'bumps-and-babies', org: 'family-friends', name: 'Bumps and babies wellbeing group',
    description: "A gentle group for parents who are pregnant or have a baby under one and are feeling low, anxious or overwhelmed. Talk, share and take some time for you, with a trained volunteer and a crèche for babies.",
    needs: ['pregnancy', 'anxiety-depression'], delivery: 'P', schedule: 'morning', at: ['kingsmere-family-hub'],
  },
  {
    key: 'kicks', org: 'kingsmere-fc', name: 'Kicks: free football for 8 to 16s',
    description: "Free, friendly football sessions run by qualified club coaches, for any young person who wants to play, whatever their ability. Boots can be borrowed. Just turn up in sports clothes.",
    needs: ['youth', 'physical-activity'], delivery: 'P', schedule: 'evening', at: ['kingsmere-leisure', 'fernlea-hub'], ages: [8, 16],
  },
  // --- SEND ------------------------------------------------------------------------------------------
  {
    key: 'spectrum-group', org: 'spectrum', name: ['Autism and ADHD parent support group at {venue}', 'Spectrum Parents {place}'],
    description: "A friendly group for parents and carers of children who are autistic or have ADHD, with or without a diagnosis. Share experiences and tips, hear from guest speakers and find out about your rights and local support. Led by parents who have been there.",
    needs: ['autism-adhd', 'send-advice'], delivery: 'P', schedule: 'monthly|monthly-evening', at: ['bridge-centre', 'kingsmere-family-hub', 'millbridge-family-hub'],
  },
  {
    key: 'sensory-play', org: 'spectrum', name: 'Sensory play sessions',
    description: "Quiet, relaxed play sessions with sensory toys and lights for children with autism, ADHD or sensory processing differences, and their brothers and sisters. Small numbers, dimmed lights and no judgement.",
    needs: ['short-breaks', 'autism-adhd'], delivery: 'P', schedule: 'weekend', at: ['ashdown-leisure'], ages: [2, 11],
    cost: [['Per family', 3, 'per session']],
  },
  {
    key: 'spectrum-teens', org: 'spectrum', name: 'Autistic teens social group',
    description: "A social group for autistic teenagers, with gaming, board games, pizza and the occasional trip. Go at your own pace; there is a quiet room if you need a break.",
    needs: ['autism-adhd', 'youth'], delivery: 'P', schedule: 'evening', at: ['old-fire-station'], ages: [11, 18],
  },
  {
    key: 'parent-carer-forum', org: 'pcf', name: 'Ashdown Parent Carer Forum',
    description: "Join other parents and carers of children with SEND to have your say on local services. We share what families tell us with the council and the NHS, and work with them to make things better. Come to a coffee morning or join online.",
    needs: ['send-advice', 'carer-support'], delivery: 'PO', schedule: 'monthly', at: ['bridge-centre'],
  },
  // --- Refugees and migrants --------------------------------------------------------------------------
  {
    key: 'welcome-drop-in', org: 'welcome', name: 'Ashdown Welcome drop-in',
    description: "A weekly drop-in for refugees, people seeking asylum and other new arrivals. Get advice on asylum support, housing, health and education, use the clothes store, have a hot meal and make friends. Interpreters are available for the most common languages.",
    needs: ['refugee-support', 'welcome-integration'], delivery: 'P', schedule: 'drop-in', at: ['quaker-meeting-house'], languages: ['ar', 'fa', 'ps', 'ku', 'ti', 'uk'],
  },
  {
    key: 'conversation-club', org: 'welcome', name: ['English conversation club at {venue}', '{place} English conversation club'],
    description: "Practise speaking English in a relaxed, friendly group with volunteers, whatever your level. Free, no need to book, and a good way to make new friends.",
    needs: ['esol', 'welcome-integration'], delivery: 'P', schedule: 'morning|evening', at: ['quaker-meeting-house', 'kingsmere-library', 'millbridge-library', 'brookfield-library', 'hollins-park-centre'],
  },
  {
    key: 'asylum-advice', org: 'welcome', name: 'Asylum and immigration advice',
    description: "Free, confidential advice from advisers regulated by the Immigration Advice Authority, on asylum claims, appeals, family reunion and applications to stay. We also help people in the asylum system get the support they are entitled to.",
    needs: ['immigration-advice', 'refugee-support'], delivery: 'PT', schedule: 'appointment', at: ['quaker-meeting-house'], languages: ['ar', 'fa', 'ku'],
  },
  {
    key: 'welcome-women', org: 'welcome', name: "Welcome women's group",
    description: "A group for refugee and migrant women to meet, learn and relax, with English practice, cooking, crafts and trips. Children under five can come to the crèche.",
    needs: ['welcome-integration'], delivery: 'P', schedule: 'afternoon', at: ['quaker-meeting-house'], languages: ['ar', 'fa', 'ti', 'uk'],
  },
  {
    key: 'move-on-support', org: 'welcome', name: 'Support for newly recognised refugees',
    description: "Being granted refugee status starts a 28-day countdown to leave asylum accommodation. Our move-on workers help you claim Universal Credit, open a bank account, find somewhere to live and register with a GP. Contact us as soon as you get your decision.",
    needs: ['refugee-support', 'homelessness'], delivery: 'PT', schedule: 'office', at: ['quaker-meeting-house'], languages: ['ar', 'fa', 'ps', 'ti'],
  },
  // --- Domestic abuse ----------------------------------------------------------------------------------
  {
    key: 'safer-futures-helpline', org: 'safer-futures', name: ['Safer Futures domestic abuse helpline', 'Domestic abuse helpline'],
    description: "Free, confidential support for anyone affected by domestic abuse, whatever your gender, age or sexuality. We listen, believe you and talk through your options, including safety planning, refuge and the law. If you are in danger now, call 999; if you cannot speak, press 55 when asked.",
    needs: ['domestic-abuse-support'], delivery: 'TO', schedule: 'helpline-extended', ages: [16, null], phone: '0808 157 0300',
  },
  {
    key: 'idva', org: 'safer-futures', name: 'Independent Domestic Violence Advisers (IDVA)',
    description: "Specialist advocates for people at high risk of serious harm from a partner, ex-partner or family member. Your IDVA helps you stay safe, speaks up for you with the police, courts and housing, and supports you through any court case.",
    needs: ['domestic-abuse-support'], delivery: 'PT', schedule: 'office', ages: [16, null],
  },
  {
    key: 'moving-forward', org: 'safer-futures', name: 'Moving Forward: recovery programme for survivors',
    description: "A twelve-week group for women who have experienced domestic abuse, to understand what happened, rebuild confidence and recognise the signs of abusive relationships. A free crèche is available. The exact meeting room is shared when you book.",
    needs: ['domestic-abuse-support'], delivery: 'P', schedule: 'morning', at: ['ashdown-family-hub', 'kingsmere-family-hub'], ages: [18, null],
  },
  {
    key: 'little-voices', org: 'safer-futures', name: 'Little Voices: support for children affected by domestic abuse',
    description: "One-to-one and group support for children and young people who have lived with domestic abuse, helping them make sense of their feelings and feel safe again. Parents can refer, and so can schools and social workers.",
    needs: ['domestic-abuse-support', 'young-peoples-mental-health'], delivery: 'P', schedule: 'appointment', ages: [4, 16],
  },
  {
    key: 'refuge', org: 'safer-futures', name: 'Safer Futures refuge',
    description: "Safe, confidential emergency accommodation for women and their children escaping domestic abuse, with support workers on site. The refuge address is never shared. Call our helpline to ask about space.",
    needs: ['refuge'], delivery: 'T', schedule: '24-7', ages: [16, null], phone: '0808 157 0300',
  },
  {
    key: 'isva', org: 'safer-futures', name: 'Rape and sexual violence support (ISVA service)',
    description: "Independent Sexual Violence Advisers support anyone aged 13 or over who has experienced rape or sexual assault, recently or in the past. We help you understand your options, whether or not you report to the police, and stay with you through the process.",
    needs: ['sexual-violence'], delivery: 'PT', schedule: 'appointment', ages: [13, null],
  },
  {
    key: 'mens-da-support', org: 'safer-futures', name: 'Support for men experiencing domestic abuse',
    description: "Men experience domestic abuse too. Our male support worker offers confidential advice, safety planning and a listening ear, by phone, online chat or in person.",
    needs: ['domestic-abuse-support'], delivery: 'TO', schedule: 'helpline', ages: [18, null],
  },
  {
    key: 'changing-ways', org: 'safer-futures', name: 'Changing Ways: for people who want to stop being abusive',
    description: "A programme for people who have been abusive or controlling towards a partner or family member and want to change. We also support the partner throughout. Refer yourself or ask a professional to refer you.",
    needs: ['changing-behaviour'], delivery: 'PT', schedule: 'evening', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'womens-drop-in', org: 'womens-centre', name: "Women's Centre drop-in",
    description: "A safe, women-only space to talk to a support worker about anything: relationships, money, housing, mental health or abuse. Have a hot drink, use the computers or join a course. Children are welcome.",
    needs: ['domestic-abuse-support', 'general-advice', 'peer-support'], delivery: 'P', schedule: 'drop-in', at: ['womens-centre'], ages: [16, null],
  },
  {
    key: 'womens-counselling', org: 'womens-centre', name: 'Counselling for women',
    description: "One-to-one counselling with a female counsellor, for women dealing with trauma, abuse, loss or low mood. Up to sixteen sessions, with a donation asked only if you can afford it.",
    needs: ['talking-therapies', 'domestic-abuse-support'], delivery: 'PO', schedule: 'appointment', at: ['womens-centre'], ages: [18, null],
    cost: [['Donation', 5, 'per session, only if you can afford it']],
  },
  {
    key: 'women-into-work', org: 'womens-centre', name: 'Women into Work',
    description: "A friendly eight-week course for women who want to return to work or start working for the first time. Build your confidence, update your CV, practise interviews and hear from local employers. Crèche available.",
    needs: ['job-search'], delivery: 'P', schedule: 'morning', at: ['womens-centre'], ages: [18, null],
  },
  // --- Drugs, alcohol, gambling ---------------------------------------------------------------------------
  {
    key: 'recovery-service', org: 'recovery', name: ['Drug and alcohol treatment service', 'Ashdown Recovery Partnership: drug and alcohol support'],
    description: "Free, confidential support for adults who want to change their drinking or drug use, from cutting down to detox and rehab. You get a named recovery worker, access to medication, groups and health checks. Refer yourself by calling or walking in.",
    needs: ['alcohol', 'drugs'], delivery: 'PT', schedule: 'office', at: ['ashdown-recovery-hub+kingsmere-medical'], ages: [18, null],
  },
  {
    key: 'needle-exchange', org: 'recovery', name: 'Needle and syringe programme',
    description: "Free, anonymous supply of clean needles and injecting equipment, safe disposal, naloxone kits and advice on safer use. Testing for hepatitis and HIV is available. No appointment needed.",
    needs: ['drugs'], delivery: 'P', schedule: 'office', at: ['ashdown-recovery-hub'], ages: [18, null],
  },
  {
    key: 'young-recovery', org: 'recovery', name: "Young people's drug and alcohol service",
    description: "Confidential support for young people aged 11 to 24 who are worried about their own drinking or drug use, or someone else's. We meet you somewhere you feel comfortable, such as school, college or a café.",
    needs: ['drugs', 'alcohol'], delivery: 'PTO', schedule: 'appointment', ages: [11, 24],
  },
  {
    key: 'families-affected', org: 'recovery', name: 'Support for families and friends',
    description: "If someone you love drinks too much, uses drugs or gambles, you need support too. Meet other family members, learn ways to cope and look after yourself, one-to-one or in a group.",
    needs: ['recovery-support'], delivery: 'PT', schedule: 'evening', at: ['ashdown-recovery-hub'],
  },
  {
    key: 'hidden-harm', org: 'recovery', name: 'Hidden Harm: support for children of parents who drink or use drugs',
    description: "Support for children and young people whose lives are affected by a parent's drinking or drug use, helping them understand what is happening and that it is not their fault. Referrals from parents, schools and professionals.",
    needs: ['recovery-support', 'young-peoples-mental-health'], delivery: 'P', schedule: 'appointment', ages: [8, 17],
  },
  {
    key: 'recovery-cafe', org: 'recovery', name: 'Recovery café',
    description: "A sober social space for people in recovery and their families, with food, music, games and peer mentors to talk to. Run by people in recovery, for people in recovery.",
    needs: ['recovery-support', 'social-groups'], delivery: 'P', schedule: 'weekend', at: ['old-fire-station'],
  },
  {
    key: 'gambling-support', org: 'recovery', name: 'Gambling harms support',
    description: "Free, confidential one-to-one support for anyone whose gambling is causing problems, online or in person. We help you cut down or stop, block gambling sites and apps, and get help with gambling debts.",
    needs: ['gambling'], delivery: 'PTO', schedule: 'appointment', at: ['ashdown-recovery-hub'], ages: [18, null],
  },
  {
    key: 'gambling-group', org: 'recovery', name: 'Gambling peer support group',
    description: "A confidential group for people affected by gambling, led by someone with lived experience. Come and listen, or share when you are ready.",
    needs: ['gambling', 'recovery-support'], delivery: 'PO', schedule: 'evening', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'smart-recovery', org: 'recovery', name: 'SMART Recovery meeting at {venue}',
    description: "Self-help meetings for anyone who wants to overcome an addiction to alcohol, drugs, gambling or anything else, using practical tools. Free and open to all; no need to book.",
    needs: ['recovery-support'], delivery: 'P', schedule: 'evening', at: ['ashdown-recovery-hub', 'kingsmere-community-centre', 'millbridge-memorial-hall'], ages: [18, null],
  },
  {
    key: 'drink-check', org: 'recovery', name: 'Drink Check: online alcohol advice',
    description: "Check how your drinking affects your health with a quick, anonymous online quiz, and get personal tips to cut down. You can chat online to a recovery worker if you want more help.",
    needs: ['alcohol'], delivery: 'O', schedule: '24-7', ages: [18, null],
  },
  // --- Money (community) ------------------------------------------------------------------------------
  {
    key: 'debt-coaching', org: 'clear-path', name: 'Clear Path debt help',
    description: "Free debt help from a local coach who visits you at home, backed by a national team of debt experts. We work out a budget with you, deal with your creditors and find the right way out of debt, however big or small. Call our freephone number to book your first home visit.",
    needs: ['debt-advice'], delivery: 'PT', schedule: 'office', ages: [18, null], phone: '0808 157 0400',
  },
  {
    key: 'money-course', org: 'clear-path', name: 'Money course: budgeting made simple at {venue}',
    description: "A free three-session course that helps you budget, save and avoid debt, using a simple cash system that really works. Small, friendly groups; refreshments provided.",
    needs: ['budgeting'], delivery: 'P', schedule: 'evening', at: ['ashdown-methodist', 'st-peters', 'all-saints'], ages: [16, null],
  },
  {
    key: 'credit-union', org: 'credit-union', name: ['Arden Credit Union: savings and affordable loans', 'Save and borrow with the credit union'],
    description: "A not-for-profit savings and loans co-operative for people who live or work in Ardenshire. Save from £1 a week and borrow at fair rates, a much cheaper alternative to payday lenders, doorstep loans and rent-to-own shops. Join online or at a collection point.",
    needs: ['budgeting'], delivery: 'PO', schedule: 'library-branch', at: ['bridge-centre+kingsmere-library+millbridge-library'],
    cost: [['Membership', 1, 'one-off joining fee']],
  },
  {
    key: 'junior-savers', org: 'credit-union', name: 'Junior savers club at {venue}',
    description: "Children can pay into their own credit union savings account at school each week, learning good money habits early. Accounts are free and parents can pay in too.",
    needs: ['budgeting'], delivery: 'P', schedule: 'morning', at: ['brookfield-primary', 'fernlea-primary'], ages: [5, 11],
  },
  // --- Loneliness, transport ------------------------------------------------------------------------------
  {
    key: 'befriending-visits', org: 'good-neighbours', name: ['Befriending visits', 'A friendly visit every week'],
    description: "A friendly volunteer visits you at home for an hour each week for a chat, a walk or a trip to the shops. We carefully match you with someone who shares your interests. For anyone over 60 who feels lonely or cut off.",
    needs: ['befriending'], delivery: 'PT', schedule: 'appointment', ages: [60, null],
  },
  {
    key: 'telephone-befriending', org: 'good-neighbours', name: 'Telephone befriending',
    description: "A regular phone call from the same friendly volunteer, at a time that suits you. Someone to chat with about your day, your interests or anything at all.",
    needs: ['befriending'], delivery: 'T', schedule: 'helpline', ages: [18, null],
  },
  {
    key: 'village-good-neighbours', org: 'good-neighbours', name: '{place} Good Neighbours',
    description: "Local volunteers who help neighbours with lifts to appointments, shopping, prescriptions, small jobs and a friendly chat. Call the scheme coordinator to ask for help; there is no charge, though donations towards drivers' petrol are welcome.",
    needs: ['befriending', 'community-transport', 'help-at-home'], delivery: 'PT', schedule: 'office', at: VILLAGE_HALLS,
  },
  {
    key: 'dial-a-ride', org: 'community-transport', name: 'Dial-a-Ride',
    description: "A door-to-door minibus service for people who find it hard to use ordinary buses because of age, disability or where they live. Book at least a day ahead for trips to the shops, the doctor, day centres or to visit friends. All our minibuses have a wheelchair lift.",
    needs: ['community-transport'], delivery: 'T', schedule: 'office',
    cost: [['Single journey up to 3 miles', 3.5], ['Each extra mile', 0.6, 'per mile']],
  },
  {
    key: 'volunteer-car-scheme', org: 'community-transport', name: 'Volunteer car scheme',
    description: "Volunteer drivers take you to hospital, GP and dental appointments and bring you home again. Book at least two working days ahead. You pay the driver a mileage charge.",
    needs: ['hospital-transport', 'community-transport'], delivery: 'T', schedule: 'office',
    cost: [['Mileage', 0.45, 'per mile, paid to the driver']],
  },
  {
    key: 'shopping-bus', org: 'community-transport', name: 'Village shopping bus',
    description: "A weekly minibus from the villages to Ashdown town centre for shopping, the bank and the market, with help with bags. Concessionary bus passes accepted.",
    needs: ['community-transport'], delivery: 'PT', schedule: 'morning', at: ['oakhurst-village-hall+netherby-village-hall+harrowby-village-hall'],
    cost: [['Return fare', 4], ['With a bus pass', 0, 'free']],
  },
  {
    key: 'wheels-to-work', org: 'community-transport', name: 'Wheels to Work scooter loans',
    description: "Rent a moped or e-bike for up to six months if you cannot get to work, training or an apprenticeship because there is no suitable public transport. Includes insurance, helmet and training.",
    needs: ['community-transport', 'job-search'], delivery: 'PT', schedule: 'office', ages: [16, null],
    cost: [['Weekly hire', 15, 'including insurance']],
  },
  {
    key: 'recycled-bikes', org: 'pedal', name: 'Recycled bikes for sale and free bike scheme',
    description: "Reconditioned bikes at low prices, all safety checked, with a lock and lights. People referred by a support worker, job coach or refugee charity can get a bike free.",
    needs: ['cycling'], delivery: 'P', schedule: 'weekend|twice-weekly', at: ['pedal-workshop'],
    cost: [['Reconditioned adult bike', 60, 'from'], ['Referred by a support worker', 0, 'free']],
  },
  {
    key: 'dr-bike', org: 'pedal', name: 'Dr Bike: free bike checks at {venue}',
    description: "Bring your bike for a free safety check and minor repairs by our mechanics: brakes, gears, tyres and chains. We will tell you if anything bigger needs fixing.",
    needs: ['cycling'], delivery: 'P', schedule: 'monthly', at: ['ashdown-library', 'kingsmere-library', 'millbridge-library'],
  },
  {
    key: 'adult-cycle-training', org: 'pedal', name: 'Adult cycle training',
    description: "Learn to ride from scratch, or get confident riding on the road, with a qualified instructor. One-to-one sessions at a time that suits you; bikes can be borrowed.",
    needs: ['cycling'], delivery: 'P', schedule: 'appointment', ages: [16, null],
  },
  // --- Bereavement ----------------------------------------------------------------------------------
  {
    key: 'bereavement-counselling', org: 'bereavement', name: 'Bereavement counselling',
    description: "One-to-one support from a trained bereavement volunteer or counsellor, for adults struggling after someone has died, however long ago. Sessions are face to face, by phone or by video. Refer yourself by phone or online.",
    needs: ['grief-support', 'talking-therapies'], delivery: 'PTO', schedule: 'appointment', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'bereavement-cafe', org: 'bereavement', name: ['Bereavement café at {venue}', '{place} bereavement café'],
    description: "An informal café where people who have been bereaved can meet others who understand, over tea and cake. Come as often as you like, talk or just listen.",
    needs: ['grief-support', 'social-groups'], delivery: 'P', schedule: 'monthly', at: ['ashdown-methodist', 'kingsmere-library', 'millbridge-memorial-hall', 'oakhurst-village-hall'],
  },
  {
    key: 'little-stars', org: 'bereavement', name: 'Little Stars: support for bereaved children',
    description: "Support for children and young people aged 4 to 18 after the death of someone important to them, one to one, in groups and at activity days. We also advise parents and schools on how to help.",
    needs: ['child-bereavement'], delivery: 'PT', schedule: 'appointment', ages: [4, 18],
  },
  {
    key: 'suicide-bereavement', org: 'bereavement', name: 'Bereaved by suicide support group',
    description: "A monthly group for adults who have lost someone to suicide, facilitated by trained volunteers who have been bereaved by suicide themselves. Please call before your first visit.",
    needs: ['grief-support'], delivery: 'P', schedule: 'monthly-evening', at: ['bridge-centre'], ages: [18, null],
  },
  {
    key: 'baby-loss-group', org: 'bereavement', name: 'Baby loss support group',
    description: "A gentle group for parents who have experienced miscarriage, stillbirth or the death of a baby, at any time. Partners are welcome, and there is an online group too.",
    needs: ['baby-loss'], delivery: 'PO', schedule: 'monthly-evening', at: ['old-fire-station'],
  },
  {
    key: 'hospice-at-home', org: 'hospice', name: 'Hospice at home',
    description: "Nurses and healthcare assistants care for people in the last weeks of life in their own home, day and night, and support their families. Referral is by a GP, district nurse or hospital team.",
    needs: ['long-term-conditions'], delivery: 'PT', schedule: '24-7', ages: [18, null],
  },
  {
    key: 'hospice-family-support', org: 'hospice', name: 'Hospice family support and bereavement service',
    description: "Emotional and practical support for families before and after the death of someone cared for by the hospice, including children. Counselling, groups and memory-making.",
    needs: ['grief-support', 'child-bereavement'], delivery: 'PT', schedule: 'appointment',
  },
  // --- Disability and sensory loss -------------------------------------------------------------------
  {
    key: 'disability-advice', org: 'access', name: 'Disability advice and advocacy',
    description: "Advice from disabled people, for disabled people, on benefits, social care, discrimination, reasonable adjustments and access to work. An advocate can help you speak up at meetings and appeals.",
    needs: ['disability-rights', 'benefits'], delivery: 'PT', schedule: 'office', at: ['access-house'], ages: [16, null], languages: ['bfi'],
  },
  {
    key: 'shopmobility', org: 'access', name: 'Ashdown Shopmobility',
    description: "Hire a manual or powered wheelchair or a mobility scooter to get around Ashdown town centre, from our base at Access House. Free training for first-time users. Open to anyone with limited mobility, permanent or temporary.",
    needs: ['equipment-adaptations', 'community-transport'], delivery: 'PT', schedule: 'office', at: ['access-house'],
    cost: [['Annual membership', 20], ['Scooter hire', 3, 'per day for members']],
  },
  {
    key: 'friday-social', org: 'access', name: 'Friday social club for disabled adults',
    description: "A relaxed social club for disabled adults, including people with learning disabilities, with music, games, crafts and a disco once a month. Support workers are welcome.",
    needs: ['social-groups', 'learning-disability'], delivery: 'P', schedule: 'afternoon', at: ['wyvern-vale-pavilion'], ages: [18, null],
    cost: [['Entry', 2, 'support workers free']],
  },
  {
    key: 'speak-up', org: 'access', name: 'Speak Up self-advocacy group',
    description: "A group run by and for people with learning disabilities to speak up about the things that matter to them, such as housing, jobs, health and being safe. Easy read information is always available.",
    needs: ['learning-disability', 'disability-rights'], delivery: 'P', schedule: 'fortnightly', at: ['access-house'], ages: [18, null],
  },
  {
    key: 'sight-loss-support', org: 'sensory', name: 'Sight loss support',
    description: "Practical and emotional support for people of all ages with sight loss: daily living equipment, help with registration as sight impaired, and groups to meet others. Visit our resource centre to try magnifiers and talking gadgets.",
    needs: ['sensory-loss'], delivery: 'PT', schedule: 'office', at: ['sensory-centre'],
  },
  {
    key: 'hearing-aid-clinic', org: 'sensory', name: 'Hearing aid maintenance clinic at {venue}',
    description: "Free NHS hearing aid retubing, cleaning and batteries, and advice on equipment such as amplified phones and flashing doorbells. Just drop in, bringing your brown NHS book if you have one.",
    needs: ['sensory-loss'], delivery: 'P', schedule: 'monthly', at: ['ashdown-library', 'kingsmere-library', 'millbridge-library', 'oakhurst-village-hall'],
  },
  {
    key: 'deaf-club', org: 'sensory', name: 'Deaf club and BSL café',
    description: "A social evening for Deaf people and British Sign Language users, and anyone learning to sign. Catch up with friends, play games and hear about local news and events in BSL.",
    needs: ['sensory-loss', 'social-groups'], delivery: 'P', schedule: 'fortnightly', at: ['sensory-centre'], languages: ['bfi'],
  },
  {
    key: 'lipreading', org: 'sensory', name: 'Lipreading classes',
    description: "Weekly classes for adults with hearing loss to learn lipreading and ways of managing conversations, taught by a qualified tutor. Meet others who understand and grow in confidence.",
    needs: ['sensory-loss'], delivery: 'P', schedule: 'morning', at: ['sensory-centre'], ages: [18, null],
    cost: [['Ten-week term', 30, 'free if you get means-tested benefits']],
  },
  {
    key: 'memory-cafe', org: 'memory-lane', name: ['Memory café at {venue}', '{place} memory café'],
    description: "A relaxed afternoon for people living with dementia and the people who care for them, with music, reminiscence, gentle activities and tea and cake. Dementia support workers are there to answer questions. Just come along.",
    needs: ['dementia', 'social-groups'], delivery: 'P', schedule: 'monthly|afternoon',
    at: ['ashdown-methodist', 'kingsmere-community-centre', 'millbridge-memorial-hall', 'oakhurst-village-hall', 'netherby-village-hall'],
  },
  {
    key: 'dementia-advisers', org: 'memory-lane', name: 'Dementia support advisers',
    description: "A named adviser for people living with dementia and their families, from diagnosis onwards. Information, planning ahead, help with benefits and power of attorney, and someone to call when things change.",
    needs: ['dementia', 'carer-support'], delivery: 'PT', schedule: 'office',
  },
  {
    key: 'singing-for-memory', org: 'memory-lane', name: 'Singing for memory',
    description: "Singing familiar songs together to lift the spirits and spark memories, for people living with dementia and their carers. No singing experience needed.",
    needs: ['dementia'], delivery: 'P', schedule: 'afternoon', at: ['old-fire-station'], cost: [['Suggested donation', 2]],
  },
  // --- Legal ------------------------------------------------------------------------------------------
  {
    key: 'court-duty', org: 'law-centre', name: 'Housing possession court duty scheme',
    description: "If you have a possession hearing at Ashdown County Court, a housing solicitor can advise and represent you on the day for free, even if you have not seen them before. Arrive early and ask at the court reception for the duty adviser.",
    needs: ['housing-law', 'eviction-and-arrears'], delivery: 'P', schedule: 'weekday-daytime', at: ['ashdown-county-court'],
  },
  {
    key: 'family-law-clinic', org: 'law-centre', name: 'Free family law clinic',
    description: "A free 30-minute appointment with a family solicitor about divorce, separation, arrangements for children or domestic abuse. The solicitor will tell you whether you qualify for legal aid. Book by phone.",
    needs: ['family-law'], delivery: 'P', schedule: 'monthly-evening', at: ['law-centre'],
  },
  {
    key: 'immigration-law', org: 'law-centre', name: 'Immigration legal advice',
    description: "Legal advice and representation on immigration, asylum and nationality, including legal aid cases. We prioritise people who are destitute, detained or facing removal.",
    needs: ['immigration-advice'], delivery: 'PT', schedule: 'appointment', at: ['law-centre'],
  },
  {
    key: 'employment-law-clinic', org: 'law-centre', name: 'Employment law clinic',
    description: "Free advice from volunteer employment solicitors on dismissal, discrimination and unpaid wages, including help with employment tribunal claims. Appointments in the evening.",
    needs: ['employment-rights'], delivery: 'PT', schedule: 'evening', at: ['law-centre'],
  },
  {
    key: 'legal-advice-evening', org: 'law-centre', name: 'Free legal advice evening',
    description: "Volunteer solicitors and law students give free initial advice on most legal problems, including housing, debt, consumer and neighbour disputes. First come, first served.",
    needs: ['general-advice', 'consumer-scams'], delivery: 'P', schedule: 'evening', at: ['law-centre'],
  },
  {
    key: 'wills-clinic', org: 'law-centre', name: 'Wills and lasting power of attorney clinic',
    description: "Free advice on making a will, lasting powers of attorney and dealing with the estate of someone who has died. Simple wills are drawn up free for people on means-tested benefits.",
    needs: ['wills-lpa'], delivery: 'P', schedule: 'monthly', at: ['law-centre'],
  },
  // --- Digital -------------------------------------------------------------------------------------------
  {
    key: 'free-laptops', org: 'reboot', name: 'Free refurbished laptops and tablets',
    description: "We refurbish donated laptops and tablets and give them free to residents who cannot afford one, wiped, set up and ready to use. Apply through a support worker, school, library or charity. You can donate your old devices at any library.",
    needs: ['devices-data'], delivery: 'PO', schedule: 'weekday-daytime', at: ['reboot-workshop'],
  },
  {
    key: 'data-bank', org: 'reboot', name: 'Free mobile data and SIM cards',
    description: "Free SIM cards with six months of data, calls and texts for people on a low income who cannot afford to get online. Just ask at any library; no referral needed.",
    needs: ['devices-data'], delivery: 'P', schedule: 'library', at: ['ashdown-library+kingsmere-library+millbridge-library+brookfield-library'], ages: [16, null],
  },
  {
    key: 'digital-champions', org: 'reboot', name: 'Become a Digital Champion',
    description: "Volunteer a couple of hours a week to help people in your community use computers, phones and the internet. Full training given; patience matters more than technical skills.",
    needs: ['volunteering', 'digital-skills'], delivery: 'O', schedule: 'office', ages: [16, null],
  },
  // --- Health and activity ---------------------------------------------------------------------------------
  {
    key: 'health-walks', org: 'active', name: ['Health walks from {venue}', '{place} health walk'],
    description: "Free, friendly guided walks of 30 to 60 minutes, led by trained volunteers at a pace that suits everyone. A great way to get active, explore local green spaces and meet people. Wear comfortable shoes and just turn up.",
    needs: ['physical-activity', 'social-groups'], delivery: 'P', schedule: 'morning',
    at: ['ashdown-leisure', 'kingsmere-library', 'millbridge-library', 'oakhurst-village-hall', 'netherby-village-hall', 'harrowby-village-hall'],
  },
  {
    key: 'exercise-referral', org: 'active', name: 'Exercise on referral',
    description: "A twelve-week supervised gym and swimming programme for people with health conditions such as high blood pressure, diabetes, depression or joint pain. Your GP, nurse or physiotherapist refers you; our instructors build a plan around you.",
    needs: ['physical-activity', 'long-term-conditions'], delivery: 'P', schedule: 'appointment', at: ['ashdown-leisure', 'kingsmere-leisure'], ages: [16, null],
    cost: [['Twelve-week programme', 30, 'for the whole programme']],
  },
  {
    key: 'concession-card', org: 'active', name: 'Active Ashdown Concession Card',
    description: "Half-price swimming, gym and classes at our leisure centres for residents who get benefits, students, carers and people over 65. Apply at reception or online with proof of eligibility.",
    needs: ['physical-activity'], delivery: 'PO', schedule: 'office', at: ['ashdown-leisure+kingsmere-leisure'],
  },
  {
    key: 'adult-swimming', org: 'active', name: 'Adult learn to swim',
    description: "Small, friendly classes for adults who cannot swim or want to gain confidence in the water. Our patient teachers start in the shallow end, at your pace.",
    needs: ['physical-activity'], delivery: 'P', schedule: 'evening', at: ['ashdown-leisure'], ages: [16, null],
    cost: [['Ten-week course', 45], ['With a concession card', 22.5]],
  },
  {
    key: 'walking-football', org: 'active', name: 'Walking football',
    description: "Football at walking pace, with no running and no tackling: great for fitness, friendship and getting back into the game. All abilities welcome.",
    needs: ['physical-activity', 'social-groups'], delivery: 'P', schedule: 'evening|morning', at: ['kingsmere-leisure'], ages: [50, null],
    cost: [['Per session', 3]],
  },
  {
    key: 'talk-fc', org: 'kingsmere-fc', name: "Talk FC: men's mental health football",
    description: "A weekly kickabout followed by a brew and a chat, for men who are finding life tough. No pressure to talk, no need to be any good at football.",
    needs: ['peer-support', 'physical-activity'], delivery: 'P', schedule: 'evening', at: ['kingsmere-leisure'], ages: [18, null],
  },
  // --- Work, learning, volunteering ----------------------------------------------------------------------
  {
    key: 'volunteer-centre', org: 'volunteer-ashdown', name: ['Find a volunteering role', 'Volunteer Ashdown: volunteering opportunities'],
    description: "Hundreds of ways to volunteer in the borough, from a couple of hours a month to regular roles, with food banks, youth clubs, hospices, sports clubs and more. Search online or come and talk to us about what would suit you.",
    needs: ['volunteering'], delivery: 'PTO', schedule: 'office', at: ['bridge-centre'], ages: [14, null],
  },
  {
    key: 'supported-volunteering', org: 'volunteer-ashdown', name: 'Supported volunteering',
    description: "Volunteering with extra support for people who have a disability, a mental health condition or little confidence, with a volunteer buddy alongside you to start with. A good step towards work.",
    needs: ['volunteering', 'supported-employment'], delivery: 'P', schedule: 'appointment', at: ['bridge-centre'], ages: [16, null],
  },
  {
    key: 'esol', org: 'college', name: ['ESOL: English for speakers of other languages', 'English classes for adults at {venue}'],
    description: "Free English classes for adults from entry level 1 to level 2, daytime and evening. Come to an enrolment session for a friendly assessment of your level. A free crèche runs for daytime classes.",
    needs: ['esol'], delivery: 'P', schedule: 'morning|evening', at: ['ashdown-college', 'kingsmere-community-centre', 'millbridge-library'], ages: [19, null],
  },
  {
    key: 'free-courses', org: 'college', name: 'Free courses for adults',
    description: "If you are 19 or over and on a low wage or unemployed, you can study many Level 2 and Level 3 qualifications free, in subjects from health and social care to construction and accounting. Talk to our advisers about what you could do.",
    needs: ['skills-training'], delivery: 'PO', schedule: 'office', at: ['ashdown-college'], ages: [19, null],
  },
  {
    key: 'adult-careers', org: 'college', name: 'Careers advice for adults',
    description: "Free, impartial careers guidance for adults thinking about a new job, training or a change of direction. Book a face-to-face or phone appointment with a qualified careers adviser.",
    needs: ['job-search', 'skills-training'], delivery: 'PT', schedule: 'appointment', at: ['ashdown-college'], ages: [19, null],
  },
  {
    key: 'brookfield-job-club', org: 'brookfield-ca', name: 'Brookfield Job Club',
    description: "Help to find work, right on the estate: use the laptops, get your CV sorted, apply for jobs and practise interviews. Tea, toast and encouragement provided.",
    needs: ['job-search'], delivery: 'P', schedule: 'morning', at: ['brookfield-community-centre'], ages: [16, null],
  },
  {
    key: 'kingsmere-job-club', org: 'churches-together', name: 'Kingsmere Job Club',
    description: "Volunteers help you search and apply for jobs, write a CV and prepare for interviews, in a friendly, no-pressure setting with free coffee. Computers and printing available.",
    needs: ['job-search'], delivery: 'P', schedule: 'morning', at: ['st-peters'], ages: [16, null],
  },
  // --- Homelessness and housing (community) ------------------------------------------------------------
  {
    key: 'haven-day-centre', org: 'haven', name: ['{org} day centre', 'Day centre for people who are homeless'],
    description: "A day centre for people who are homeless, sleeping rough or in insecure housing. Hot breakfast and lunch, showers, laundry, clothes, a postal address, and support from housing and health workers. Open to anyone aged 18 or over; just come to the door.",
    needs: ['homelessness', 'community-meals'], delivery: 'P', schedule: 'weekday-daytime', at: ['the-haven'], ages: [18, null],
  },
  {
    key: 'night-shelter', org: 'haven', name: 'Winter night shelter',
    description: "A warm bed, an evening meal and breakfast for people sleeping rough through the coldest months, hosted by local churches with trained volunteers. Guests are also helped to find somewhere longer term.",
    needs: ['homelessness'], delivery: 'P', schedule: 'winter-nights', at: ['the-haven'], ages: [18, null],
  },
  {
    key: 'soup-run', org: 'haven', name: 'Evening soup run',
    description: "Volunteers bring hot food, drinks, sleeping bags and warm clothes to people sleeping rough, meeting at Market Square and walking the town centre. Anyone who needs a meal is welcome.",
    needs: ['homelessness', 'community-meals'], delivery: 'P', schedule: 'evening',
  },
  {
    key: 'tenancy-sustainment', org: 'ashdown-homes', name: 'Tenancy sustainment service',
    description: "If you are an Ashdown Homes tenant and struggling to keep on top of your tenancy, because of rent arrears, a health problem or a change in your life, our tenancy support officers can help. We work with you to sort things out before they get worse.",
    needs: ['tenancy-support', 'eviction-and-arrears'], delivery: 'PT', schedule: 'office', ages: [16, null],
  },
  {
    key: 'tenant-money-advice', org: 'ashdown-homes', name: 'Money advice for Ashdown Homes tenants',
    description: "Free help for our tenants to maximise income, claim benefits, budget and deal with debts, by phone or at home. Call the customer services team to be put in touch with a money adviser.",
    needs: ['benefits', 'budgeting'], delivery: 'T', schedule: 'office',
  },
  {
    key: 'foyer', org: 'ashdown-homes', name: 'The Ashdown Foyer: housing and support for young people',
    description: "Supported housing for young people aged 16 to 25 who are homeless or cannot live at home, with a key worker, life-skills training and help into education and work. Referrals come through the council's Housing Options team.",
    needs: ['supported-housing', 'homelessness'], delivery: 'P', schedule: 'office', at: ['ashdown-foyer'], ages: [16, 25],
  },
  {
    key: 'sheltered-housing', org: 'ashdown-homes', name: 'Sheltered and extra care housing',
    description: "Flats for people over 60 with a scheme manager, a 24-hour alarm service and shared lounges and gardens; extra care schemes also have care staff on site. Apply through HomeChoice or call us to arrange a visit.",
    needs: ['supported-housing', 'care-homes'], delivery: 'T', schedule: 'office', ages: [60, null],
  },
  // --- More community services --------------------------------------------------------------------------
  {
    key: 'church-fridge', org: 'churches-together', name: ['{place} Community Fridge', 'Community fridge at {venue}'],
    description: "Free food saved from going to waste by local supermarkets, cafés and gardeners, for anyone to take. No need to register or explain; please just take what you will use.",
    needs: ['community-fridges'], delivery: 'P', schedule: 'drop-in', at: ['hollins-baptist', 'st-peters'],
  },
  {
    key: 'community-allotment', org: 'millbridge-together', name: 'Grow and Cook community allotment',
    description: "Grow fruit and vegetables with others on our community allotment, then learn to cook what you have grown. No experience needed; tools, seeds and gloves provided. Good for body and mind.",
    needs: ['cooking-skills', 'social-groups'], delivery: 'P', schedule: 'weekend|afternoon', at: ['millbridge-memorial-hall'],
  },
  {
    key: 'community-choir', org: 'millbridge-together', name: 'Millbridge community choir',
    description: "A friendly choir for anyone who loves to sing; no auditions and no need to read music. We sing pop, folk and gospel, perform at local events and always end with a cuppa.",
    needs: ['social-groups'], delivery: 'P', schedule: 'evening', at: ['all-saints'],
    cost: [['Per session', 3, 'first session free']],
  },
  {
    key: 'furniture-project', org: 'haven', name: '{org} furniture project',
    description: "Good-quality second-hand furniture, beds and white goods at low prices, and free to people setting up home after homelessness who are referred by a support worker. We can deliver. Donations of furniture collected free.",
    needs: ['household-essentials'], delivery: 'PT', schedule: 'weekday-daytime', at: ['the-haven'],
    cost: [['Referred by a support worker', 0, 'free'], ['Everyone else', 0, 'low prices; ask in store']],
  },
  {
    key: 'nightstop', org: 'haven', name: 'Nightstop: emergency beds for young people',
    description: "If you are aged 16 to 25 and have nowhere safe to sleep tonight, Nightstop can find you a bed in the spare room of a trained, vetted volunteer host, with a hot meal and breakfast. Call us or ask the council's Housing Options team.",
    needs: ['homelessness'], delivery: 'T', schedule: '24-7', ages: [16, 25], phone: '0808 157 0500',
  },
  {
    key: 'da-outreach-surgery', org: 'safer-futures', name: 'Domestic abuse advice surgery at {venue}',
    description: "Talk in private to a domestic abuse support worker about what is happening at home, your options and staying safe. The room is discreet and the library staff will not ask why you are there.",
    needs: ['domestic-abuse-support'], delivery: 'P', schedule: 'morning|afternoon', at: ['kingsmere-library', 'millbridge-library'], ages: [16, null],
  },
  {
    key: 'honour-based-abuse', org: 'safer-futures', name: 'Honour-based abuse and forced marriage support',
    description: "Confidential support from caseworkers who understand honour-based abuse and forced marriage, for anyone at risk, including men and young people. We can speak your language and help you stay safe, whether or not you want to involve the police.",
    needs: ['domestic-abuse-support'], delivery: 'TO', schedule: 'helpline', ages: [13, null], languages: ['ur', 'pa', 'bn'],
  },
  {
    key: 'recovery-drop-in', org: 'recovery', name: 'Drug and alcohol drop-in at {venue}',
    description: "Drop in to talk to a recovery worker about your drinking or drug use, or someone else's, without going to Ashdown. We can start your assessment there and then.",
    needs: ['alcohol', 'drugs'], delivery: 'P', schedule: 'afternoon', at: ['millbridge-memorial-hall', 'kingsmere-community-centre'], ages: [18, null],
  },
  {
    key: 'naloxone-training', org: 'recovery', name: 'Free naloxone training and kits',
    description: "Learn how to recognise an opioid overdose and use naloxone to save a life, in a 20-minute session, and take a free kit home. For people who use drugs, their families, friends and anyone who works with them.",
    needs: ['drugs'], delivery: 'P', schedule: 'drop-in', at: ['ashdown-recovery-hub'], ages: [16, null],
  },
  {
    key: 'young-widowed', org: 'bereavement', name: 'Widowed young: social group for widowed people under 50',
    description: "A social group for people who were widowed young, with or without children, to meet others who understand, for meals, walks and days out as well as support. Get in touch and one of our members will say hello before your first meet-up.",
    needs: ['grief-support', 'social-groups'], delivery: 'PO', schedule: 'monthly-evening', at: ['old-fire-station'], ages: [18, 50],
  },
  {
    key: 'funeral-costs', org: 'advice', name: 'Help with funeral costs',
    description: "Advice on paying for a funeral if money is tight: the government Funeral Expenses Payment, what you can claim from the estate, lower-cost funeral options and the Bereavement Support Payment. Call the Adviceline.",
    needs: ['after-a-death', 'benefits'], delivery: 'T', schedule: 'helpline',
  },
  {
    key: 'bereavement-walk', org: 'bereavement', name: 'Walking with grief: bereavement walking group',
    description: "A gentle walk and talk with others who have been bereaved, led by trained volunteers, finishing with a hot drink. Walk and chat, or walk in silence; both are fine.",
    needs: ['grief-support', 'physical-activity'], delivery: 'P', schedule: 'fortnightly', at: ['kingsmere-library'],
  },
  {
    key: 'parent-carers-group', org: 'carers', name: 'Parent carers support group',
    description: "For parents and carers of disabled children and children with SEND: share experiences, get information on short breaks and benefits such as DLA and Carer's Allowance, and look after yourself too. Children are welcome if you have no childcare.",
    needs: ['carer-support', 'short-breaks'], delivery: 'P', schedule: 'morning', at: ['kingsmere-family-hub'],
  },
  {
    key: 'carers-money', org: 'carers', name: "Carers' benefits and money advice",
    description: "Many carers miss out on money they are entitled to. Our adviser checks you and the person you care for are getting everything, including Carer's Allowance, Attendance Allowance and Council Tax discounts, and helps with the forms.",
    needs: ['carer-support', 'benefits'], delivery: 'PT', schedule: 'appointment', at: ['carers-centre'], ages: [16, null],
  },
  {
    key: 'dementia-carers-course', org: 'memory-lane', name: 'Caring for someone with dementia: course for carers',
    description: "A free six-week course for family carers of people with dementia: understanding the condition, communication, legal and money matters, and looking after yourself. Replacement care can be arranged while you attend.",
    needs: ['dementia', 'carer-support'], delivery: 'PO', schedule: 'afternoon', at: ['ageing-well-house'],
  },
  {
    key: 'ukrainian-hub', org: 'welcome', name: 'Ukrainian community hub',
    description: "A weekly meeting place for Ukrainians in the borough and their hosts, with advice on visas, work, housing and school, English practice and activities for children. Run with Ukrainian volunteers.",
    needs: ['refugee-support', 'welcome-integration'], delivery: 'P', schedule: 'weekend', at: ['kingsmere-library'], languages: ['uk'],
  },
  {
    key: 'eu-settlement', org: 'advice', name: 'EU Settlement Scheme help',
    description: "Free help for EU, EEA and Swiss citizens and their families with the EU Settlement Scheme: late applications, upgrading from pre-settled to settled status, and proving your status with an eVisa. Advisers speak Polish, Romanian, Lithuanian and Portuguese.",
    needs: ['immigration-advice'], delivery: 'PT', schedule: 'appointment', at: ['bridge-centre'], languages: ['pl', 'ro', 'lt', 'pt'],
  },
  {
    key: 'citizenship-group', org: 'welcome', name: 'Life in the UK test study group',
    description: "Prepare for the Life in the UK test with others, with practice questions, explanations of British history and how things work here, and volunteers to help with English. Meets online.",
    needs: ['welcome-integration', 'immigration-advice'], delivery: 'O', schedule: 'evening',
  },
  {
    key: 'legal-outreach', org: 'law-centre', name: 'Legal advice outreach at {venue}',
    description: "A solicitor from the Law Centre gives free first advice on housing, debt, benefits appeals, employment and discrimination, nearer to home. Book through the library or just turn up.",
    needs: ['general-advice', 'housing-law'], delivery: 'P', schedule: 'monthly', at: ['kingsmere-library', 'millbridge-library'],
  },
  {
    key: 'discrimination-advice', org: 'law-centre', name: 'Discrimination advice',
    description: "Advice and representation if you have been treated unfairly because of disability, race, sex, religion, age, sexual orientation or another protected characteristic, at work, in services or in housing. Call to book a first appointment; there are strict time limits for claims, so do not delay.",
    needs: ['disability-rights', 'employment-rights'], delivery: 'PT', schedule: 'appointment', at: ['law-centre'],
  },
  {
    key: 'send-youth-club', org: 'youth-trust', name: 'Inclusive youth club for young people with SEND',
    description: "A youth club for young people aged 11 to 19 with special educational needs or disabilities, with extra staff, a sensory room, cooking, games and trips. Siblings are welcome.",
    needs: ['short-breaks', 'youth'], delivery: 'P', schedule: 'evening', at: ['ashdown-youth-centre'], ages: [11, 19],
  },
  {
    key: 'social-tariffs', org: 'reboot', name: 'Cheaper broadband and phone advice',
    description: "If you get Universal Credit, Pension Credit or other benefits, you can probably get broadband for much less through a social tariff. We check what is available at your address and help you switch.",
    needs: ['devices-data', 'budgeting'], delivery: 'TO', schedule: 'helpline',
  },
  {
    key: 'wheelchair-loan', org: 'access', name: 'Short-term wheelchair loan',
    description: "Borrow a wheelchair for up to six weeks, for example after an operation, an injury or for a holiday or day out. A small donation is asked if you can afford it.",
    needs: ['equipment-adaptations'], delivery: 'P', schedule: 'office', at: ['access-house'],
    cost: [['Suggested donation', 10, 'for up to six weeks']],
  },
  {
    key: 'travel-buddy', org: 'access', name: 'Travel buddies for adults with learning disabilities',
    description: "Volunteer travel buddies help adults with learning disabilities learn a journey they need to make, such as to work, college or a club, until they can do it on their own. Ask Adult Social Care, your college or your support worker to refer you.",
    needs: ['learning-disability', 'community-transport'], delivery: 'P', schedule: 'appointment', ages: [18, null],
  },
  {
    key: 'apprenticeships', org: 'college', name: 'Apprenticeships advice',
    description: "Find out about apprenticeships in the area, from Level 2 to degree level, and get help applying. Earn while you learn in jobs from engineering and construction to care, hospitality and business.",
    needs: ['skills-training', 'job-search'], delivery: 'PTO', schedule: 'office', at: ['ashdown-college'], ages: [16, 24],
  },
  {
    key: 'foodbank-volunteering', org: 'foodbank', name: 'Volunteer with the food bank',
    description: "Help sort donations, pack parcels, drive, or welcome people at our distribution centres. Give a few hours a week or just at Christmas; we will find a role that suits you.",
    needs: ['volunteering'], delivery: 'PO', schedule: 'office', ages: [14, null],
  },
  {
    key: 'rural-wellbeing', org: 'thrive', name: 'Rural wellbeing outreach at {venue}',
    description: "Mental health support for people in the villages, including farmers and farming families, who may be far from other help. Drop in for a confidential chat with a wellbeing worker, or ask for a home visit.",
    needs: ['anxiety-depression', 'peer-support'], delivery: 'PT', schedule: 'monthly', at: ['harrowby-village-hall', 'netherby-village-hall'],
  },
  {
    key: 'suicide-prevention-training', org: 'thrive', name: 'Free suicide prevention training',
    description: "A free 20-minute online course, or a half-day session, that gives you the skills and confidence to talk to someone who may be thinking about suicide and help them stay safe. Open to anyone aged 16 or over who lives or works in the borough.",
    needs: ['mental-health-crisis'], delivery: 'PO', schedule: 'monthly', at: ['bridge-centre'], ages: [16, null],
  },
  {
    key: 'older-mens-breakfast', org: 'ageing-well', name: "Older men's breakfast club",
    description: "A cooked breakfast and good conversation for men over 60, at the Plough in Harrowby Green. Transport can be arranged from nearby villages.",
    needs: ['social-groups', 'day-opportunities'], delivery: 'P', schedule: 'monthly', at: ['the-plough'], ages: [60, null],
    cost: [['Breakfast', 6, 'including tea or coffee']],
  },
  {
    key: 'cancer-support-group', org: 'hospice', name: 'Cancer support group',
    description: "A friendly monthly group for anyone living with cancer, and their family and friends, to share experiences and get information and support from hospice nurses. You do not need to be under the hospice's care to come.",
    needs: ['long-term-conditions'], delivery: 'P', schedule: 'monthly', at: ['old-fire-station'], ages: [18, null],
  },
  {
    key: 'young-parents', org: 'family-friends', name: 'Young parents group',
    description: "A friendly group for mums and dads aged 24 and under and their babies and toddlers. Make friends, get support and take part in activities, with a free lunch.",
    needs: ['parenting', 'pregnancy'], delivery: 'P', schedule: 'morning', at: ['hollins-park-family-hub'], ages: [14, 24],
  },
];

