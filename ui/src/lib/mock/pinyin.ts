// A tiny pinyin table covering the characters of the mock data, so the mock
// search can find 张伟明 by `zwm` or `zhangweiming` like the real index does.
// The real backend uses a full table; this is only for the in-memory mock.

const PINYIN: Record<string, string> = {
  张: 'zhang', 王: 'wang', 李: 'li', 刘: 'liu', 陈: 'chen', 杨: 'yang', 赵: 'zhao',
  黄: 'huang', 周: 'zhou', 吴: 'wu', 徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu',
  林: 'lin', 郭: 'guo', 何: 'he', 高: 'gao', 罗: 'luo', 郑: 'zheng', 梁: 'liang',
  谢: 'xie', 宋: 'song', 唐: 'tang', 许: 'xu', 韩: 'han', 冯: 'feng', 邓: 'deng',
  曹: 'cao', 彭: 'peng', 曾: 'zeng', 萧: 'xiao', 田: 'tian', 董: 'dong', 单: 'shan',
  解: 'xie', 伟: 'wei', 明: 'ming', 芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing',
  丽: 'li', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 艳: 'yan',
  杰: 'jie', 涛: 'tao', 超: 'chao', 秀: 'xiu', 英: 'ying', 华: 'hua', 平: 'ping',
  红: 'hong', 晓: 'xiao', 建: 'jian', 国: 'guo', 文: 'wen', 斌: 'bin', 欣: 'xin',
  婷: 'ting', 宇: 'yu', 浩: 'hao', 然: 'ran', 子: 'zi', 涵: 'han', 思: 'si', 雨: 'yu',
  佳: 'jia', 琪: 'qi', 博: 'bo', 立: 'li', 新: 'xin', 海: 'hai', 慧: 'hui', 玲: 'ling',
  偉: 'wei', 張: 'zhang', 陳: 'chen', 劉: 'liu', 楊: 'yang', 趙: 'zhao', 黃: 'huang',
};

/** Traditional forms of the table folded to simplified. */
const SIMPLIFIED: Record<string, string> = {
  偉: '伟', 張: '张', 陳: '陈', 劉: '刘', 楊: '杨', 趙: '赵', 黃: '黄',
};

/** Folds traditional characters of the table to simplified ones. */
export function toSimplified(s: string): string {
  return Array.from(s, (c) => SIMPLIFIED[c] ?? c).join('');
}

/** Syllables of the CJK characters of `name` (others are skipped), or `[]`. */
export function syllables(name: string): string[] {
  return Array.from(name)
    .map((c) => PINYIN[c])
    .filter((s): s is string => !!s);
}

/** True when `name` contains a character the table knows. */
export function hasHan(name: string): boolean {
  return Array.from(name).some((c) => c in PINYIN);
}
