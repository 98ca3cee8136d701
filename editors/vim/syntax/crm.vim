" Vim syntax file. Language: crm scripts (.crm)
" Generated from crm's keywords and command registry (EditorGrammars.swift); do not edit.
if exists('b:current_syntax')
  finish
endif
syn iskeyword @,48-57,_,192-255,-
syn keyword crmKeyword break catch continue def else exit for if in let return set source try while
syn keyword crmOperator and or not
syn keyword crmConstant false null true
syn keyword crmCommand abandon account accounts add add-comment add-sms add-tag append archive assert
syn keyword crmCommand avg bar bool calls categories channels chart chat-messages clear collect
syn keyword crmCommand columns communication-channels connections contains count count-by create create-traffic-source crm csv
syn keyword crmCommand date datetime default delete describe doctor downcase drop duration each
syn keyword crmCommand echo ends-with export first flatten float format from funnel funnels
syn keyword crmCommand get group-by help hist history input int into join join-on
syn keyword crmCommand json keys last leads length lgt lines list login manual-subscribe
syn keyword crmCommand match max merge message-users messages messageusers min ndjson normalize now
syn keyword crmCommand open option orders people person post profile profiles prune put
syn keyword crmCommand queries range record reject remove-tag rename replace resume reverse run
syn keyword crmCommand runs save select send-message send-template set-token settle show skip sleep
syn keyword crmCommand sort sort-by spark split start starts-with stats stop string subscribe
syn keyword crmCommand sum table tags tail take template-categories templates text to today
syn keyword crmCommand trim tunnels undo uniq unique upcase update url use users
syn keyword crmCommand v1 values version where whoami
syn match crmNumber '\<\d\+\(\.\d\+\)\=\>'
syn match crmFlag '\s\zs--\=[A-Za-z][A-Za-z0-9-]*'
syn match crmVariable '\$[A-Za-z_][A-Za-z0-9_]*'
syn match crmVariable '\$[0-9]'
syn region crmInterpolation matchgroup=crmVariable start='\${' end='}' contained
syn region crmString start=+"+ skip=+\\.+ end=+"+ contains=crmVariable,crmInterpolation
syn region crmString start=+'+ end=+'+
syn match crmComment '#.*$' contains=@Spell
hi def link crmKeyword Statement
hi def link crmOperator Operator
hi def link crmConstant Constant
hi def link crmCommand Function
hi def link crmNumber Number
hi def link crmFlag Special
hi def link crmVariable Identifier
hi def link crmString String
hi def link crmComment Comment
let b:current_syntax = 'crm'
