/** The SDK's own words in Chinese (simplified, China) (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: '关闭',
  help: '帮助',
  announcement: '公告',
  next: '下一步',
  back: '上一步',
  done: '完成',
  skip: '跳过导览',
  stepOf: '第 {n} 步，共 {total} 步',
  tourProgress: '导览进度',
  openTip: '打开提示',
  helpful: '这有帮助吗？',
  yes: '是',
  no: '否',
  comment: '补充说明（可选）',
  send: '发送',
  thanks: '感谢您的反馈！',
  checklist: '入门指南',
  goThere: '带我去',
  tasksDone: '已完成 {n}/{total}',
  dismissChecklist: '不再显示此清单',
  taskDone: '{task}：已完成，进度 {n}/{total}',
};
