import type { ServiceTemplate } from './catalogue.js';

const LIBRARIES = ['ashdown-library', 'brookfield-library', 'kingsmere-library', 'millbridge-library'];
const FAMILY_HUBS = ['ashdown-family-hub', 'hollins-park-family-hub', 'kingsmere-family-hub', 'millbridge-family-hub'];

/** Services of the council and the NHS. */
export const PUBLIC_SERVICES: ServiceTemplate[] = [
  // --- Housing -------------------------------------------------------------------------
  {
    key: 'housing-options', org: 'council', name: 'Housing Options and homelessness advice',
    description: "If you are homeless, or worried you might lose your home in the next two months, our Housing Options team can help. We give advice on your rights, work with you and your landlord to keep your home where possible, and find emergency accommodation if you have nowhere safe to stay tonight. Call {phone} or come to {venue}; if it is urgent you do not need an appointment.",
    needs: ['homelessness', 'eviction-and-arrears', 'finding-a-home'], delivery: 'PTO', schedule: 'office',
    at: ['ashdown-civic+kingsmere-town-hall'], contact: 'Housing Options Manager',
  },
  {
    key: 'homeless-out-of-hours', org: 'council', name: 'Emergency homelessness line (evenings and weekends)',
    description: "If you are homeless tonight and our offices are closed, call the out-of-hours line on 0808 157 0123. An on-call officer will talk through your situation and, if you have nowhere safe to stay, arrange emergency accommodation. If you are in danger, call 999.",
    needs: ['homelessness'], delivery: 'T', schedule: '24-7', phone: '0808 157 0123',
  },
  {
    key: 'street-outreach', org: 'council', name: 'Street Outreach Team',
    description: "Our outreach workers go out early in the morning to find and help people sleeping rough anywhere in the borough. If you are worried about someone sleeping outside, tell us where and when you saw them using the online form or by calling {phone}. We will visit, offer support and help them off the streets.",
    needs: ['homelessness'], delivery: 'PTO', schedule: 'early-morning', ages: [18, null], contact: 'Rough Sleeping Coordinator',
  },
  {
    key: 'homechoice', org: 'council', name: ['Ashdown HomeChoice: join the housing register', 'Apply for social housing (HomeChoice)'],
    description: "HomeChoice is how council and housing association homes in the borough are let. Apply online to join the housing register; once you are accepted you can bid for homes every week. If you cannot use a computer, call us and we will help you apply over the phone.",
    needs: ['finding-a-home'], delivery: 'TO', schedule: 'office', ages: [16, null],
  },
  {
    key: 'dhp', org: 'council', name: 'Discretionary Housing Payments',
    description: "A Discretionary Housing Payment can help if you get Housing Benefit or the housing part of Universal Credit but still cannot afford your rent. It can also help with a rent deposit or rent in advance when you move. Apply online; we usually decide within ten working days.",
    needs: ['eviction-and-arrears', 'benefits'], delivery: 'TO', schedule: 'office', ages: [16, null],
  },
  {
    key: 'private-renters', org: 'council', name: 'Private renters: report damp, mould or disrepair',
    description: "If your private landlord will not fix a serious problem, such as damp and mould, no heating or unsafe wiring, our Private Sector Housing team can inspect your home and make the landlord put it right. Tell your landlord in writing first, then report it to us online or by phone. We can also help if your landlord is harassing you or trying to make you leave without a court order.",
    needs: ['tenancy-support'], delivery: 'TO', schedule: 'office',
  },
  {
    key: 'sanctuary-scheme', org: 'council', name: 'Sanctuary Scheme',
    description: "If you are at risk from domestic abuse and want to stay in your own home, the Sanctuary Scheme can make it safer with new locks, door and window security, lighting and alarms. It is free and it does not matter whether you own or rent. Ask your domestic abuse support worker to refer you, or call the Housing Options team.",
    needs: ['refuge', 'domestic-abuse-support'], delivery: 'T', schedule: 'office',
  },
  // --- Money --------------------------------------------------------------------------
  {
    key: 'council-tax-support', org: 'council', name: 'Council Tax Support',
    description: "Council Tax Support lowers the Council Tax bill for people on a low income, whether or not you work. Apply online; you will need details of your income, savings and everyone who lives with you. If you are already behind with payments, call us straight away so we can agree an affordable plan before it goes to the bailiffs.",
    needs: ['council-tax-support', 'debt-advice'], delivery: 'PTO', schedule: 'office', at: ['ashdown-civic'], ages: [18, null],
  },
  {
    key: 'local-welfare', org: 'council', name: ['Ashdown Local Welfare Assistance', 'Emergency help with food, fuel and furniture'],
    description: "Emergency help for residents in a crisis who cannot afford food, energy or essential household items. We can provide supermarket and fuel vouchers, and recycled furniture and white goods such as cookers, fridges and beds. Apply online, or ask an advice worker, housing officer or support worker to apply for you.",
    needs: ['emergency-grants', 'household-essentials', 'energy-bills'], delivery: 'TO', schedule: 'office', ages: [16, null],
  },
  {
    key: 'warm-homes', org: 'council', name: 'Warm Homes Ashdown: free insulation and heating',
    description: "Free loft and wall insulation, heating upgrades and energy advice for homeowners and private tenants on a low income or with a health condition made worse by the cold. Our energy advisers check whether you qualify over the phone and arrange a free home survey.",
    needs: ['energy-bills'], delivery: 'TO', schedule: 'office',
  },
  {
    key: 'welfare-rights', org: 'council', name: 'Welfare Rights Service',
    description: "Our welfare rights officers help residents claim the benefits they are entitled to and challenge decisions that look wrong, all the way to tribunal. We specialise in disability and sickness benefits such as PIP, ESA, Attendance Allowance and the health element of Universal Credit. Call to book a phone or face-to-face appointment.",
    needs: ['benefits'], delivery: 'PT', schedule: 'appointment', at: ['ashdown-civic'], ages: [16, null], contact: 'Welfare Rights Team Leader',
  },
  // --- Adult social care and disability ------------------------------------------------------
  {
    key: 'adult-social-care', org: 'council', name: ['Adult Social Care: ask for care and support', 'Get help from Adult Social Care'],
    description: "If you, or an adult you know, need help with everyday things such as washing, dressing, eating or getting about, contact Adult Social Care. We will talk about what matters to you, give information and advice, and arrange a care needs assessment if you need one. You can also ask for help online at any time.",
    needs: ['social-care', 'help-at-home'], delivery: 'TO', schedule: 'office', ages: [18, null], contact: 'Adult Social Care Front Door',
  },
  {
    key: 'adult-safeguarding', org: 'council', name: 'Report a concern about an adult at risk of abuse',
    description: "If you think an adult is being abused, neglected or exploited, tell us, even if you are not sure. Call {phone} during office hours or 0808 157 0123 at any other time, or report it online. If someone is in immediate danger, call 999.",
    needs: ['social-care'], delivery: 'TO', schedule: '24-7', ages: [18, null],
  },
  {
    key: 'childrens-advice-hub', org: 'council', name: "Worried about a child? Children's Advice and Support Hub",
    description: "If you are worried that a child is being harmed or neglected, or a family needs help, call the Children's Advice and Support Hub. Social workers answer the phone 24 hours a day. In an emergency, call 999.",
    needs: ['parenting'], delivery: 'T', schedule: '24-7', ages: [0, 18], phone: '0808 157 0200',
  },
  {
    key: 'occupational-therapy', org: 'council', name: 'Occupational therapy and equipment',
    description: "Our occupational therapists look at what would make daily life easier and safer at home, from grab rails and bath seats to hoists and stairlifts. Smaller equipment is delivered free by the Ashdown Community Equipment Service, usually within a week. Ask Adult Social Care for an assessment.",
    needs: ['equipment-adaptations'], delivery: 'T', schedule: 'appointment',
  },
  {
    key: 'dfg', org: 'council', name: 'Disabled Facilities Grants',
    description: "A Disabled Facilities Grant pays for bigger changes to your home, such as a level-access shower, stairlift, ramp or extension, so that a disabled adult or child can live there safely. Grants are means-tested for adults but not for children. Start by asking us for an occupational therapy assessment.",
    needs: ['equipment-adaptations'], delivery: 'TO', schedule: 'office',
  },
  {
    key: 'carers-assessment', org: 'council', name: "Carer's assessment",
    description: "If you look after someone, you have a right to a carer's assessment: a conversation about how caring affects you and what would help. It can lead to support such as regular breaks, a carer's personal budget or help planning for emergencies. Ask online or call Adult Social Care.",
    needs: ['carer-support', 'respite'], delivery: 'TO', schedule: 'office', ages: [18, null],
  },
  {
    key: 'reablement', org: 'council', name: 'Reablement: help at home after hospital',
    description: "Short-term support at home for up to six weeks after a hospital stay or illness, to help you get your confidence and independence back. Reablement workers visit you at home and work towards goals you set together. It is free and is arranged by the hospital discharge team or Adult Social Care.",
    needs: ['help-at-home'], delivery: 'P', schedule: 'appointment', ages: [18, null],
  },
  {
    key: 'lifeline', org: 'council', name: ['Ashdown Lifeline personal alarms', 'Lifeline: pendant alarms and telecare'],
    description: "A pendant or wrist alarm that connects you to our 24-hour control centre at the press of a button. We can add falls detectors and smoke alarms, and we will contact a family member, a responder or the emergency services. Installation is free; there is a small weekly charge.",
    needs: ['falls-and-safety'], delivery: 'T', schedule: 'office', cost: [['Weekly charge', 4.85, 'per week, including a falls detector']],
  },
  {
    key: 'day-opportunities', org: 'council', name: 'Ashdown Day Opportunities',
    description: "Weekday activities for adults with learning disabilities, focused on independence, friendships and skills: cooking, gardening, art, sport and trips out. Places are arranged through an Adult Social Care assessment, and transport can be provided.",
    needs: ['learning-disability', 'social-groups'], delivery: 'P', schedule: 'weekday-daytime', at: ['wyvern-vale-pavilion'], ages: [18, null],
  },
  {
    key: 'supported-employment', org: 'council', name: 'Supported Employment Service',
    description: "Job coaches help disabled people and people with long-term health conditions find paid work and keep it. We support you through applications and interviews and in your first months in the job, and help employers make reasonable adjustments. Ask your social worker to refer you, or refer yourself.",
    needs: ['supported-employment'], delivery: 'PT', schedule: 'office', at: ['ashdown-works-hub'], ages: [18, null],
  },
  {
    key: 'blue-badge', org: 'council', name: 'Apply for or renew a Blue Badge',
    description: "A Blue Badge helps people with a disability or health condition park closer to where they need to go. Apply online, or come to any library if you would like help with the form. A badge costs £10 and lasts up to three years.",
    needs: ['bus-passes-blue-badge'], delivery: 'PTO', schedule: 'library', at: ['ashdown-library+kingsmere-library+millbridge-library'],
    cost: [['Badge fee', 10, 'one-off, lasts up to three years']],
  },
  {
    key: 'bus-pass', org: 'council', name: "Older and disabled person's bus pass",
    description: "Free off-peak bus travel across England if you have reached State Pension age or have an eligible disability. Apply online with a photo and proof of address, or ask at any library. A companion pass is available if you cannot travel alone.",
    needs: ['bus-passes-blue-badge'], delivery: 'PO', schedule: 'library', at: ['ashdown-library+kingsmere-library+millbridge-library+brookfield-library'],
  },
  // --- Children, families and SEND --------------------------------------------------------------
  {
    key: 'stay-and-play', org: 'council', name: ['Stay and Play at {venue}', '{place} Stay and Play'],
    description: "Drop-in play sessions for babies and children under five with their parents or carers. Messy play, songs and a story in a friendly group, with family hub staff on hand for a chat about sleep, feeding, behaviour or anything else. Free, and no need to book.",
    needs: ['early-years'], delivery: 'P', schedule: 'morning|afternoon', ages: [0, 5],
    at: [...FAMILY_HUBS, 'brookfield-community-centre', 'wyvern-vale-pavilion', 'fernlea-hub', 'oakhurst-village-hall', 'netherby-village-hall'],
  },
  {
    key: 'baby-feeding', org: 'council', name: 'Baby feeding support group at {venue}',
    description: "Relaxed support with breastfeeding, bottle feeding and starting solid food, from trained infant feeding workers and peer supporters. Come along in pregnancy or at any point after your baby is born; you can also ask for a private chat. Partners are welcome.",
    needs: ['early-years', 'pregnancy'], delivery: 'P', schedule: 'morning|afternoon', at: FAMILY_HUBS,
  },
  {
    key: 'healthy-start', org: 'council', name: 'Healthy Start vitamins and card',
    description: "If you are pregnant or have a child under four and get certain benefits, a Healthy Start card helps you buy milk, fruit, vegetables and infant formula. Pick up free Healthy Start vitamins at any family hub. Ask family hub staff to help you apply online.",
    needs: ['healthy-start', 'pregnancy'], delivery: 'PO', schedule: 'office', at: ['ashdown-family-hub+hollins-park-family-hub+kingsmere-family-hub+millbridge-family-hub'],
  },
  {
    key: 'parenting-course', org: 'council', name: ['Understanding Your Child: parenting course', 'Parenting course at {venue}'],
    description: "A free ten-week course for parents and carers of children of any age, covering feelings, behaviour, routines and how to stay calm under pressure. Groups are small and friendly, and there is an online group in the evening. Book through the family hub, or ask your health visitor, school or family worker to refer you.",
    needs: ['parenting'], delivery: 'PO', schedule: 'morning|evening', at: FAMILY_HUBS, ages: [0, 18],
  },
  {
    key: 'early-help', org: 'council', name: 'Early Help family support',
    description: "Family support workers help families going through a difficult time, whether with children's behaviour, school attendance, money, housing or relationships. We agree a plan with you and work alongside you for as long as you need. Ask for help yourself, or ask anyone who works with your family to contact us.",
    needs: ['parenting'], delivery: 'PT', schedule: 'office', at: ['hollins-park-family-hub'], ages: [0, 19], contact: 'Early Help Coordinator',
  },
  {
    key: 'family-information', org: 'council', name: ['Family Information Service: childcare and funded hours', 'Find childcare and help paying for it'],
    description: "Find registered childminders, nurseries, holiday clubs and breakfast and after-school clubs across the borough. We explain the free childcare hours for children from nine months to four years old, help with childcare costs and how to apply. Search online or call {phone}.",
    needs: ['childcare'], delivery: 'TO', schedule: 'office', ages: [0, 14],
  },
  {
    key: 'free-school-meals', org: 'council', name: 'Apply for free school meals',
    description: "Children in Reception, Year 1 and Year 2 get free school meals automatically; older children can get them if your family gets certain benefits, such as Universal Credit with low earnings. One online application covers all your children and also gives them free places at holiday clubs. Apply online at any time of year.",
    needs: ['free-school-meals'], delivery: 'TO', schedule: 'office', ages: [4, 16],
  },
  {
    key: 'haf', org: 'council', name: ['Holiday Activities and Food: {place}', 'Free holiday club at {venue}'],
    description: "Free holiday clubs in the Easter, summer and Christmas holidays for children who get benefits-related free school meals, with a healthy lunch every day. Sports, arts, cooking and trips, run by local clubs and charities. Book online; a few places are kept for other children who need them.",
    needs: ['holiday-activities', 'free-school-meals'], delivery: 'PO', schedule: 'weekday-daytime', ages: [5, 16],
    at: ['ashdown-leisure', 'kingsmere-community-centre', 'millbridge-memorial-hall', 'hollins-park-centre', 'wyvern-vale-pavilion', 'fernlea-hub'],
  },
  {
    key: 'detached-youth', org: 'council', name: 'Detached youth work',
    description: "Our youth workers meet young people where they hang out, in parks, on the estates and in the town centres. They listen, give advice on anything from relationships to drugs, and help young people get involved in activities and projects. Young people can also message the team on social media.",
    needs: ['youth'], delivery: 'PO', schedule: 'youth-evenings', ages: [11, 19],
  },
  {
    key: 'youth-voice', org: 'council', name: 'Ashdown Youth Voice',
    description: "Young people aged 11 to 19 who meet to have their say on council decisions, run campaigns and represent young people at events. A chance to build confidence and skills and meet new people. Email us to come along to a session.",
    needs: ['youth'], delivery: 'PO', schedule: 'evening', at: ['ashdown-civic'], ages: [11, 19],
  },
  {
    key: 'local-offer', org: 'council', name: 'Ashdown SEND Local Offer',
    description: "The Local Offer brings together everything available for children and young people aged 0 to 25 with special educational needs and disabilities, and their families: education, health, care, leisure and preparing for adulthood. Browse online, or ask the SEND team to help you find what you need.",
    needs: ['send-advice'], delivery: 'TO', schedule: 'office', ages: [0, 25],
  },
  {
    key: 'sendiass', org: 'council', name: 'Ashdown SEND Information, Advice and Support Service (SENDIASS)',
    description: "Free, impartial and confidential advice for parents, children and young people about special educational needs and disabilities. We can help you talk to school, request an EHC needs assessment, check a draft plan or prepare for a meeting, annual review or tribunal. We work at arm's length from the council's SEND team.",
    needs: ['send-advice'], delivery: 'PTO', schedule: 'helpline', at: ['bridge-centre'], ages: [0, 25], contact: 'SENDIASS Coordinator',
  },
  {
    key: 'ehc-assessment', org: 'council', name: 'Request an Education, Health and Care (EHC) needs assessment',
    description: "An EHC needs assessment looks at whether a child or young person needs an Education, Health and Care Plan. Parents, young people over 16 and schools can ask for one online. We will tell you within six weeks whether we will carry out an assessment.",
    needs: ['send-advice'], delivery: 'TO', schedule: 'office', ages: [0, 25],
  },
  {
    key: 'portage', org: 'council', name: 'Portage home visiting',
    description: "Portage home visitors support pre-school children with SEND and their families, with play-based learning at home every fortnight. We help you set small steps for your child's development and get ready for nursery. Families are referred by a health visitor, paediatrician or therapist.",
    needs: ['send-advice', 'early-years'], delivery: 'P', schedule: 'appointment', ages: [0, 5],
  },
  {
    key: 'saturday-club', org: 'council', name: 'Saturday Club: short breaks for disabled children',
    description: "Saturday sessions for disabled children and young people aged 5 to 18, with trained staff and plenty of them, so everyone can join in. Sensory room, soft play, cooking, games and trips, while parents and carers get a few hours' break. Places are given through the Short Breaks team.",
    needs: ['short-breaks'], delivery: 'P', schedule: 'weekend', at: ['brookfield-primary'], ages: [5, 18],
  },
  {
    key: 'send-holiday-club', org: 'council', name: 'Inclusive holiday club for children with SEND',
    description: "A holiday club in the Easter and summer holidays for children with special educational needs and disabilities, with one-to-one support where needed. Trips, swimming, crafts and a quiet room. Book through the Short Breaks team or the Local Offer website.",
    needs: ['short-breaks', 'holiday-activities'], delivery: 'PO', schedule: 'weekday-daytime', at: ['kingsmere-leisure'], ages: [5, 18],
  },
  {
    key: 'send-travel', org: 'council', name: 'Home to school travel for children with SEND',
    description: "Free transport to school or college for children and young people who cannot walk there because of their special educational needs or disability. This might be a bus pass, a shared taxi or minibus, or a personal travel budget. Apply online when your child's school place is confirmed.",
    needs: ['school-travel'], delivery: 'TO', schedule: 'office', ages: [4, 25],
  },
  {
    key: 'travel-training', org: 'council', name: 'Independent travel training',
    description: "One-to-one training for young people with SEND to learn to travel safely on their own, on foot or by bus or train. A trainer works with you on your own journey to school, college or work until you are confident. Ask your school, college or the SEND team to refer you.",
    needs: ['school-travel', 'autism-adhd'], delivery: 'P', schedule: 'appointment', ages: [11, 25],
  },
  // --- Libraries and learning -----------------------------------------------------------------
  {
    key: 'digital-drop-in', org: 'council', name: ['Digital drop-in at {venue}', 'Get online: computer help at {venue}'],
    description: "Bring your phone, tablet or laptop, or use one of ours, and get friendly one-to-one help from our Digital Champions. We can help with email, video calls, the NHS App, online shopping, Universal Credit journals and staying safe online. No question is too basic.",
    needs: ['digital-skills'], delivery: 'P', schedule: 'afternoon|morning', at: [...LIBRARIES, 'oakhurst-village-hall', 'fernlea-hub'],
  },
  {
    key: 'library-computers', org: 'council', name: 'Free computers, wifi and printing at {venue}',
    description: "Free use of computers and fast wifi for everyone, with or without a library card. Printing, scanning and photocopying cost a little, and staff can help you get started. Book a computer online or just turn up.",
    needs: ['free-internet-access'], delivery: 'P', schedule: 'library', at: LIBRARIES,
    cost: [['Computers and wifi', 0, 'free'], ['Printing', 0.15, 'per black and white page']],
  },
  {
    key: 'rhyme-time', org: 'council', name: 'Rhyme Time at {venue}',
    description: "Songs, rhymes and stories for babies and toddlers with their parents and carers, a lovely way to help your child's language develop. Free and no need to book; stay afterwards to choose some books.",
    needs: ['early-years'], delivery: 'P', schedule: 'morning', at: LIBRARIES, ages: [0, 4],
  },
  {
    key: 'home-library', org: 'council', name: 'Home Library Service',
    description: "If you cannot get to a library because of age, illness, disability or caring, our volunteers bring books, audiobooks and large print to your door every three weeks. We choose books with you, and the volunteer stays for a chat. Call to join.",
    needs: ['befriending', 'help-at-home'], delivery: 'PT', schedule: 'appointment',
  },
  {
    key: 'chatty-cafe', org: 'council', name: 'Chatty Café at {venue}',
    description: "A table where anyone is welcome to sit down, have a free cuppa and chat. Volunteers host every session, so you will never sit alone. Especially welcome if you are new to the area or just fancy some company.",
    needs: ['social-groups'], delivery: 'P', schedule: 'morning', at: ['kingsmere-library', 'millbridge-library', 'brookfield-library', 'ashdown-library'],
  },
  {
    key: 'library-warm-welcome', org: 'council', name: 'Warm Welcome at {venue}',
    description: "Our libraries are warm, welcoming places open to everyone, with free hot drinks, wifi and phone charging through the winter. Stay as long as you like, read the papers or join an activity. Nobody will ask why you are there.",
    needs: ['warm-spaces', 'social-groups'], delivery: 'P', schedule: 'library', at: LIBRARIES,
  },
  {
    key: 'ashdown-works', org: 'council', name: ['Ashdown Works: employment support', 'Ashdown Works jobs hub'],
    description: "Free one-to-one support for residents who want to get into work, change jobs or progress, whatever your situation. Your adviser can help with your CV, applications, interviews, training and confidence, and links you with local employers who are recruiting now. Drop in to the jobs hub or call {phone} to book.",
    needs: ['job-search', 'skills-training'], delivery: 'PTO', schedule: 'office', at: ['ashdown-works-hub+kingsmere-library'], ages: [16, null],
    contact: 'Employment Adviser',
  },
  {
    key: 'adult-learning', org: 'council', name: ['Adult Community Learning: English, maths and digital skills', 'Free English and maths courses for adults'],
    description: "Free courses for adults to improve their English and maths, from beginner to GCSE, in small friendly groups. We also run free digital skills courses and low-cost leisure classes. Call or drop in for a chat about where to start.",
    needs: ['skills-training', 'digital-skills'], delivery: 'PO', schedule: 'morning|evening', at: ['ashdown-library', 'kingsmere-community-centre'], ages: [19, null],
  },
  // --- Public health, registration, other ------------------------------------------------------
  {
    key: 'stop-smoking', org: 'council', name: ['Stop Smoking Ashdown', 'Free stop smoking service'],
    description: "Our advisers give you weekly support for twelve weeks plus free nicotine patches, gum or a vape starter kit. You are three times more likely to quit with support than on your own. Sessions are by phone, video or face to face, and pregnant women get extra support.",
    needs: ['stop-smoking'], delivery: 'PTO', schedule: 'appointment', at: ['ashdown-health-centre'], ages: [12, null],
  },
  {
    key: 'healthy-you', org: 'council', name: 'Healthy You: weight management programme',
    description: "A free twelve-week programme for adults who want to eat more healthily, move more and lose weight. Weekly group sessions with a dietitian and an exercise coach, in person or online. Refer yourself online or ask your GP.",
    needs: ['healthy-weight'], delivery: 'PO', schedule: 'evening|morning', at: ['ashdown-leisure', 'kingsmere-community-centre'], ages: [18, null],
  },
  {
    key: 'register-death', org: 'council', name: 'Register a death or a birth',
    description: "Book an appointment with the registrar to register a death (within five days) or a birth (within 42 days). When you register a death, the registrar can tell government departments for you through Tell Us Once. Book online or by phone.",
    needs: ['after-a-death'], delivery: 'PTO', schedule: 'appointment', at: ['ashdown-civic'],
  },
  {
    key: 'public-health-funeral', org: 'council', name: 'Help when there is no one to arrange a funeral',
    description: "If someone dies in the borough and there is no one able or willing to arrange their funeral, the council will arrange a simple, dignified funeral. Call the Bereavement Services team if you know of someone in this situation.",
    needs: ['after-a-death'], delivery: 'T', schedule: 'office',
  },
  {
    key: 'resettlement', org: 'council', name: 'Refugee Resettlement and Homes for Ukraine team',
    description: "We support refugee families resettled in the borough and Homes for Ukraine guests and hosts, with housing, school places, registering with a GP, benefits and English classes. Hosts can get advice and their thank-you payments. Call the team or email us.",
    needs: ['refugee-support'], delivery: 'PT', schedule: 'office', at: ['ashdown-civic'], languages: ['uk', 'ar', 'ps'],
  },
  {
    key: 'trading-standards', org: 'council', name: ['Scams and doorstep crime advice', 'Trading Standards: report a rogue trader or scam'],
    description: "Report rogue traders, doorstep sellers and scams, and get advice if you or a relative have been targeted. We fit free call blockers for vulnerable residents who get a lot of scam calls. If a trader is at your door now and will not leave, call 999.",
    needs: ['consumer-scams', 'falls-and-safety'], delivery: 'TO', schedule: 'office',
  },
  // --- NHS ------------------------------------------------------------------------------------
  {
    key: 'talking-therapies', org: 'nhs-trust', name: ['Ashdown NHS Talking Therapies', 'NHS talking therapies for anxiety and depression'],
    description: "Free NHS talking therapies for adults with anxiety, depression, stress, panic, phobias, OCD or PTSD. You can refer yourself online or by phone; you do not need to see your GP first. Therapy is by phone, video or face to face, with evening appointments.",
    needs: ['talking-therapies', 'anxiety-depression'], delivery: 'PTO', schedule: 'office-long', at: ['ashdown-health-centre'], ages: [18, null],
  },
  {
    key: 'crisis-line', org: 'nhs-trust', name: '24/7 NHS mental health crisis line',
    description: "If you or someone you care about is in a mental health crisis, call the NHS 24-hour line on 0808 157 0456, or call NHS 111 and choose the mental health option. Trained staff will listen, help you stay safe and arrange urgent support. If a life is at risk, call 999.",
    needs: ['mental-health-crisis'], delivery: 'T', schedule: '24-7', phone: '0808 157 0456',
  },
  {
    key: 'camhs', org: 'nhs-trust', name: 'Child and Adolescent Mental Health Service (CAMHS)',
    description: "Assessment and treatment for children and young people up to 18 with moderate to severe mental health difficulties. Referrals come from GPs, schools and other professionals; parents can call the CAMHS advice line for guidance while they wait.",
    needs: ['young-peoples-mental-health'], delivery: 'PT', schedule: 'appointment', at: ['kingsmere-medical'], ages: [0, 18],
  },
  {
    key: 'perinatal', org: 'nhs-trust', name: 'Perinatal mental health team',
    description: "Specialist support for women with moderate to severe mental health difficulties during pregnancy and in the first year after birth. Ask your midwife, health visitor or GP to refer you. We see you at home, at clinic or by video.",
    needs: ['pregnancy', 'anxiety-depression'], delivery: 'PTO', schedule: 'appointment', at: ['ashdown-health-centre'],
  },
  {
    key: 'recovery-college', org: 'nhs-trust', name: 'Ardenshire Recovery College',
    description: "Free courses about mental health and wellbeing, designed and run by people with lived experience and mental health professionals together. Topics include managing anxiety, sleeping better and building confidence. Anyone aged 18 or over can enrol online, no referral needed.",
    needs: ['peer-support'], delivery: 'PO', schedule: 'morning|afternoon', at: ['bridge-centre', 'old-fire-station'], ages: [18, null],
  },
  {
    key: 'sexual-health', org: 'nhs-trust', name: ['Sexual health clinic at {venue}', '{place} sexual health clinic'],
    description: "Free and confidential testing and treatment for sexually transmitted infections, all types of contraception including coils and implants, and PrEP. Walk in or book online; under-25s can order free STI test kits to do at home.",
    needs: ['sexual-health'], delivery: 'PO', schedule: 'afternoon|evening', at: ['ashdown-health-centre', 'kingsmere-medical', 'millbridge-surgery'], ages: [13, null],
  },
  {
    key: 'health-visiting', org: 'nhs-trust', name: 'Health visiting',
    description: "Health visitors support every family with children under five, from late pregnancy onwards, with home visits and development reviews. Call the duty health visitor for advice on feeding, sleep, development, your own wellbeing or your child's health.",
    needs: ['early-years'], delivery: 'PT', schedule: 'office', ages: [0, 5],
  },
  {
    key: 'midwives', org: 'nhs-trust', name: 'Community midwives: book your pregnancy care',
    description: "As soon as you know you are pregnant, refer yourself to the maternity team online; you do not need to see your GP. Community midwives see you at clinic and at home throughout pregnancy and after the birth.",
    needs: ['pregnancy'], delivery: 'PO', schedule: 'office', at: ['kingsmere-family-hub+ashdown-family-hub'],
  },
  {
    key: 'speech-drop-in', org: 'nhs-trust', name: 'Speech and language drop-in at {venue}',
    description: "If you are worried about how your young child is talking or understanding, come and talk to a speech and language therapist. We can give you ideas to try at home and decide together whether your child needs a full assessment.",
    needs: ['speech-language'], delivery: 'P', schedule: 'monthly', at: FAMILY_HUBS, ages: [0, 5],
  },
  {
    key: 'memory-assessment', org: 'nhs-trust', name: 'Memory Assessment Service',
    description: "Assessment, diagnosis and support for people worried about their memory. Ask your GP to refer you. After a diagnosis we offer information, medication reviews and a place on our Living Well with Dementia course.",
    needs: ['dementia'], delivery: 'P', schedule: 'appointment', at: ['ashdown-health-centre'],
  },
  {
    key: 'wheelchair-service', org: 'nhs-trust', name: 'Wheelchair Service',
    description: "Assessment and provision of wheelchairs, cushions and repairs for people with a long-term need. Referral is through your GP, physiotherapist or occupational therapist. Call us for repairs.",
    needs: ['equipment-adaptations'], delivery: 'PT', schedule: 'appointment', at: ['kingsmere-medical'],
  },
  {
    key: 'strength-balance', org: 'nhs-trust', name: 'Strength and balance classes at {venue}',
    description: "A 24-week exercise programme for people who have had a fall or are worried about falling, led by a specialist instructor. Improves strength, balance and confidence in a small, friendly group. Ask your GP or physiotherapist to refer you, or refer yourself.",
    needs: ['falls-and-safety', 'physical-activity'], delivery: 'P', schedule: 'afternoon', at: ['millbridge-memorial-hall', 'kingsmere-community-centre', 'ashdown-leisure', 'oakhurst-village-hall'], ages: [60, null],
  },
  {
    key: 'diabetes-course', org: 'nhs-trust', name: 'Living with diabetes course',
    description: "A free course for adults with type 2 diabetes, covering food, activity, medication and looking after your feet and eyes. Run over three mornings in a small group, or online at your own pace. Ask at your GP practice, or book yourself a place.",
    needs: ['long-term-conditions', 'healthy-weight'], delivery: 'PO', schedule: 'morning', at: ['ashdown-health-centre'], ages: [18, null],
  },
  {
    key: 'social-prescribing', org: 'pcn', name: ['Social prescribing link workers', 'See a link worker at your GP practice'],
    description: "Link workers spend time with you to find out what matters to you, then connect you with local groups, activities and advice, whether for loneliness, money worries, housing, low mood or living with a health condition. Ask at your GP practice to be referred; appointments are by phone, at the surgery or at home.",
    needs: ['social-prescribing', 'befriending'], delivery: 'PT', schedule: 'office', at: ['kingsmere-medical+millbridge-surgery+ashdown-health-centre'], ages: [18, null],
  },
  {
    key: 'health-coach', org: 'pcn', name: 'Health and wellbeing coaches',
    description: "Coaches help you take charge of your health: setting goals, building healthy habits and managing a long-term condition day to day. You can see a coach at your surgery, by phone or by video. Ask your GP practice to book you in.",
    needs: ['long-term-conditions', 'healthy-weight'], delivery: 'PT', schedule: 'appointment', at: ['millbridge-surgery'], ages: [18, null],
  },
  // --- More council services -----------------------------------------------------------------------
  {
    key: 'housing-surgery', org: 'council', name: 'Housing Options surgery at {venue}',
    description: "Talk to a housing officer face to face without travelling into Ashdown: about homelessness, rent arrears, the housing register or problems with your landlord. Sessions are first come, first served; bring any letters from your landlord or the court.",
    needs: ['homelessness', 'eviction-and-arrears', 'finding-a-home'], delivery: 'P', schedule: 'morning|afternoon', at: ['kingsmere-town-hall', 'millbridge-library'],
  },
  {
    key: 'rent-deposit-scheme', org: 'council', name: 'Rent deposit guarantee scheme',
    description: "If you are homeless or about to be and can find a private rented home, we can guarantee the deposit for your landlord and sometimes pay the first month's rent. Talk to the Housing Options team before you agree to a tenancy.",
    needs: ['finding-a-home', 'homelessness'], delivery: 'TO', schedule: 'office', ages: [18, null],
  },
  {
    key: 'tenancy-ready', org: 'council', name: 'Tenancy Ready course',
    description: "A free short course for anyone about to rent a home for the first time, or who has lost a tenancy before: budgeting for rent and bills, your rights and responsibilities, and dealing with landlords. Completing it can help your application with landlords and housing associations.",
    needs: ['finding-a-home', 'tenancy-support', 'budgeting'], delivery: 'PO', schedule: 'morning', at: ['bridge-centre'], ages: [16, null],
  },
  {
    key: 'cost-of-living-hub', org: 'council', name: ['Cost of living help', 'Help with the cost of living'],
    description: "All the help available in the borough with money, bills, food and keeping warm, in one place: benefits checks, grants, discounts, warm spaces and free advice. Use our online benefits calculator or call the cost of living helpline and we will take you through it.",
    needs: ['energy-bills', 'emergency-grants', 'benefits'], delivery: 'TO', schedule: 'helpline',
  },
  {
    key: 'direct-payments', org: 'council', name: 'Direct payments and personal assistants',
    description: "If you are eligible for care and support, you can take your personal budget as a direct payment and arrange your own care, such as employing a personal assistant. Our direct payments team helps with recruiting, payroll and being an employer.",
    needs: ['social-care'], delivery: 'TO', schedule: 'office', ages: [18, null],
  },
  {
    key: 'shared-lives', org: 'council', name: 'Shared Lives',
    description: "Shared Lives carers are ordinary households who share their home and family life with an adult who needs support, such as someone with a learning disability or dementia, for day visits, short breaks or long-term. Ask Adult Social Care about using the scheme, or about becoming a Shared Lives carer.",
    needs: ['learning-disability', 'respite'], delivery: 'T', schedule: 'office', ages: [18, null],
  },
  {
    key: 'preparing-for-adulthood', org: 'council', name: 'Preparing for adulthood: young people with SEND',
    description: "Support for young people with SEND aged 14 to 25 and their families to plan for life after school: college, work, where to live, friendships and health. Our transition workers join annual reviews from Year 9 and help you make the move to adult services.",
    needs: ['send-advice', 'supported-employment'], delivery: 'PT', schedule: 'appointment', at: ['bridge-centre'], ages: [14, 25],
  },
  {
    key: 'makaton-class', org: 'council', name: 'Makaton signing for families',
    description: "Learn Makaton signs and symbols to help your child communicate, in a relaxed four-week course for parents and carers of young children with speech and language needs. Children are welcome to come along.",
    needs: ['speech-language'], delivery: 'P', schedule: 'morning', at: ['kingsmere-family-hub'], ages: [0, 11],
  },
  {
    key: 'talking-teens', org: 'council', name: 'Talking Teens: parenting course for parents of teenagers',
    description: "A free course for parents and carers of 10 to 18 year olds, on getting along better, handling conflict, staying connected and keeping teenagers safe online. Evening groups and an online version.",
    needs: ['parenting'], delivery: 'PO', schedule: 'evening', at: ['ashdown-family-hub', 'millbridge-family-hub'], ages: [10, 18],
  },
  {
    key: 'tablet-lending', org: 'council', name: 'Borrow a tablet from the library',
    description: "Borrow a tablet with free mobile data for up to three months, with a short guide and help to get started from library staff. Free to anyone with a library card.",
    needs: ['devices-data'], delivery: 'P', schedule: 'library', at: ['ashdown-library+kingsmere-library+millbridge-library+brookfield-library'],
  },
  {
    key: 'online-safety', org: 'council', name: 'Staying safe online: free sessions at {venue}',
    description: "Learn how to spot scam emails, texts and calls, create strong passwords and keep your accounts and money safe, in a friendly small group run by library staff and Trading Standards. Free; book a place at the library or just turn up.",
    needs: ['digital-skills', 'consumer-scams'], delivery: 'P', schedule: 'monthly', at: ['ashdown-library', 'kingsmere-library'],
  },
  {
    key: 'jobseeker-digital', org: 'council', name: 'Digital skills for jobseekers',
    description: "Get the computer skills employers want: online applications, email, Microsoft Office and video interviews, in short courses at the Ashdown Works jobs hub. Laptops provided.",
    needs: ['digital-skills', 'job-search'], delivery: 'P', schedule: 'morning', at: ['ashdown-works-hub'], ages: [16, null],
  },
  {
    key: 'start-a-business', org: 'council', name: 'Start your own business',
    description: "Free workshops and one-to-one advice for residents who want to become self-employed or start a small business: business plans, tax, marketing and finding premises. Sessions online and at the jobs hub.",
    needs: ['skills-training', 'job-search'], delivery: 'PO', schedule: 'evening', at: ['ashdown-works-hub'], ages: [18, null],
  },
  {
    key: 'book-groups', org: 'council', name: 'Reading group at {venue}',
    description: "Join a friendly monthly reading group: pick up this month's book free from the library, read it at your own pace and come along to chat about it. New members always welcome.",
    needs: ['social-groups'], delivery: 'P', schedule: 'monthly|monthly-evening', at: ['ashdown-library', 'kingsmere-library', 'millbridge-library'],
  },
  // --- More NHS services -----------------------------------------------------------------------------
  {
    key: 'adult-autism-assessment', org: 'nhs-trust', name: 'Adult autism and ADHD assessment service',
    description: "Assessment and diagnosis for adults who think they may be autistic or have ADHD, with follow-up advice and support. Ask your GP to refer you. Waiting times are long; our website lists support you can use while you wait.",
    needs: ['autism-adhd'], delivery: 'PO', schedule: 'appointment', at: ['ashdown-health-centre'], ages: [18, null],
  },
  {
    key: 'urgent-dental', org: 'nhs-trust', name: 'Urgent dental care line',
    description: "If you have severe toothache, swelling or bleeding and do not have a dentist, call the urgent dental care line or NHS 111 for an appointment at an urgent care dental clinic. NHS dental charges apply unless you are exempt.",
    needs: ['gp-dental'], delivery: 'T', schedule: 'helpline-extended',
    cost: [['NHS Band 1 charge', 27.4, 'unless you are exempt, for example under 18 or on certain benefits']],
  },
  {
    key: 'homeless-health', org: 'nhs-trust', name: 'Health clinic for people who are homeless',
    description: "A nurse and a GP see people who are homeless or sleeping rough, with no need to be registered with a practice. We can help you register with a GP, get prescriptions and see a dentist or mental health worker.",
    needs: ['gp-dental', 'homelessness'], delivery: 'P', schedule: 'twice-weekly', at: ['the-haven'], ages: [16, null],
  },
  {
    key: 'health-check', org: 'nhs-trust', name: 'NHS Health Check (ages 40 to 74)',
    description: "A free check of your blood pressure, cholesterol and risk of heart disease, stroke, diabetes and dementia, for adults aged 40 to 74 without an existing condition. Book at your GP practice or at a community clinic.",
    needs: ['long-term-conditions', 'healthy-weight'], delivery: 'P', schedule: 'appointment', at: ['kingsmere-medical+millbridge-surgery+ashdown-library'], ages: [40, 74],
  },
  {
    key: 'school-nursing', org: 'nhs-trust', name: 'School nursing and ChatHealth text service',
    description: "School nurses support children and young people aged 5 to 19 with their health and wellbeing, at school and in drop-ins. Young people aged 11 to 19 can text a school nurse confidentially about anything from stress to sexual health.",
    needs: ['young-peoples-mental-health', 'sexual-health'], delivery: 'TO', schedule: 'office', ages: [5, 19],
  },
  {
    key: 'breathe-easy', org: 'pcn', name: 'Breathe Easy lung health group',
    description: "A monthly support group for people living with COPD, asthma and other lung conditions, and their families, with talks from respiratory nurses, singing for lung health and gentle exercise. No referral needed; just come along.",
    needs: ['long-term-conditions'], delivery: 'P', schedule: 'monthly', at: ['kingsmere-community-centre'], ages: [18, null],
  },
];

