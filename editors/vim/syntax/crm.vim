" Vim syntax file. Language: crm scripts (.crm)
" Generated from crm's keywords and command registry (EditorGrammars.swift); do not edit.
if exists('b:current_syntax')
  finish
endif
syn iskeyword @,48-57,_,192-255,-
syn keyword crmKeyword break continue def else exit for if in let return set source while
syn keyword crmOperator and or not
syn keyword crmConstant false null true
syn keyword crmCommand abandon account accounts add add-comment add-sms add-tag append archive avg
syn keyword crmCommand calls categories channels chat-messages clear collect columns communication-channels connections count
syn keyword crmCommand create create-traffic-source crm csv delete describe downcase drop each echo
syn keyword crmCommand export first flatten from funnels get group-by help history join
syn keyword crmCommand json keys last leads length lgt lines list login manual-subscribe
syn keyword crmCommand max merge message-users messages messageusers min ndjson option orders people
syn keyword crmCommand person post profile profiles put queries range record remove-tag resume
syn keyword crmCommand reverse run runs save select send-message send-template set-token show skip
syn keyword crmCommand sort sort-by split start stats stop subscribe sum table tags
syn keyword crmCommand take template-categories templates to trim tunnels uniq unique upcase update
syn keyword crmCommand url use users v1 values version where whoami
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
